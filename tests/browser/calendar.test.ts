import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

/** A local date as the page names days (the browser runs in this process's time zone). */
function dayKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** Polls until `check` answers true, or fails with what it last saw. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The API query for one local day, as instants. */
function dayQuery(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return `from=${encodeURIComponent(new Date(y, m - 1, d).toISOString())}&to=${encodeURIComponent(new Date(y, m - 1, d + 1).toISOString())}`;
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("the calendar in Chromium", () => {
  const session = useBrowserApp();

  it("plans a first post, drags it to another day, publishes it and shows it in the week, also at 375 px", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `calendar-${Date.now()}@example.com` } })).status()).toBe(200);
    // An image of the user's to attach (the demo provider makes it at once).
    const image = await page.request.post(`${app.url}/api/image/generate`, { data: { model: "flux-schnell", prompt: "a lighthouse at dusk, teal and amber" } });
    const imageId = (await image.json()).generation.id as string;
    await until("the image is done", async () => (await (await page.request.get(`${app.url}/api/generations/${imageId}`)).json()).generation.status === "succeeded");

    const now = new Date();
    const tomorrow = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
    const tenth = dayKey(new Date(now.getFullYear(), now.getMonth(), 10));
    const twentieth = dayKey(new Date(now.getFullYear(), now.getMonth(), 20));
    const twentySecond = dayKey(new Date(now.getFullYear(), now.getMonth(), 22));

    await page.goto(`${app.url}/calendar`);
    const empty = page.getByTestId("empty-state");
    await empty.waitFor();
    expect(await empty.textContent()).toContain("Plan your first post");
    // Planning costs nothing: the balance is the header's alone, with no second pill on the page.
    await expect(page.getByTestId("header-balance").textContent()).resolves.toMatch(/^[\d,]+ credits$/);
    expect(await page.getByTestId("balance").count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "calendar-empty.png"), fullPage: true });

    // The empty state's button opens the dialog for tomorrow at 10:00.
    await page.getByRole("button", { name: "Plan a post for tomorrow, 10:00" }).click();
    const dialog = page.getByTestId("entry-dialog");
    await dialog.getByLabel("Title").waitFor();
    expect(await dialog.getByLabel("Date").inputValue()).toBe(tomorrow);
    expect(await dialog.getByLabel("Time").inputValue()).toBe("10:00");
    await dialog.getByLabel("Date").fill(tenth);
    await dialog.getByLabel("Channel").selectOption("instagram");
    await dialog.getByLabel("Title").fill("Spring teaser, take one");
    await dialog.getByLabel("Notes").fill("Tease the blend; tag the roastery.");
    await dialog.getByTestId("media-picker").locator("label").nth(1).click();
    await page.screenshot({ path: path.join(SHOTS, "calendar-dialog.png") });
    await dialog.getByRole("button", { name: "Plan post" }).click();

    const grid = page.getByTestId("month-grid");
    const cell = (day: string) => grid.locator(`[data-day="${day}"]`);
    const chip = grid.getByTestId("entry").filter({ hasText: "Spring teaser, take one" });
    await cell(tenth).getByTestId("entry").filter({ hasText: "Spring teaser" }).waitFor();
    expect(await chip.textContent()).toContain("10:00");
    expect(await empty.count()).toBe(0);

    // Drag it to the 20th; it stays there after a reload.
    await chip.dragTo(cell(twentieth));
    await cell(twentieth).getByTestId("entry").waitFor();
    expect(await cell(tenth).getByTestId("entry").count()).toBe(0);
    await until("the move is saved", async () => {
      const res = await page.request.get(`${app.url}/api/calendar?${dayQuery(twentieth)}`);
      return JSON.stringify(await res.json()).includes("Spring teaser");
    });
    await page.reload();
    await cell(twentieth).getByTestId("entry").waitFor();
    expect(await cell(tenth).getByTestId("entry").count()).toBe(0);
    expect(await chip.textContent()).toContain("10:00");
    expect(await chip.getAttribute("data-status")).toBe("planned");

    // Mark it published: it looks different at once.
    await chip.click();
    await dialog.getByRole("button", { name: "Mark published" }).click();
    await until("the chip shows published", async () => (await chip.getAttribute("data-status")) === "published");
    await dialog.getByRole("button", { name: "Mark as planned" }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.screenshot({ path: path.join(SHOTS, "calendar-month.png"), fullPage: true });

    // The week of the 20th shows it as a card with its image and the published badge.
    await cell(twentieth).getByRole("button", { name: /Open the week of/ }).click();
    const week = page.getByTestId("week-grid");
    const card = week.locator(`[data-day="${twentieth}"]`).getByTestId("entry");
    await card.waitFor();
    expect(await card.getAttribute("data-status")).toBe("published");
    expect(await card.textContent()).toContain("Published");
    await until("the thumbnail loaded", () => card.locator("img").evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
    expect(page.url()).toContain(`view=week`);
    await page.screenshot({ path: path.join(SHOTS, "calendar-week.png"), fullPage: true });

    // Without a mouse: Enter opens it, "Move to…" takes a date.
    await card.focus();
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Move to…" }).click();
    const mover = page.getByTestId("move-dialog");
    await mover.getByLabel("New date").fill(twentySecond);
    await mover.getByRole("button", { name: "Move", exact: true }).click();
    const titlesOn = async (day: string) => ((await (await page.request.get(`${app.url}/api/calendar?${dayQuery(day)}`)).json()).entries as { title: string }[]).map((e) => e.title);
    await until("the post is saved on the 22nd", async () => (await titlesOn(twentySecond)).length === 1);
    expect(await titlesOn(twentySecond)).toEqual(["Spring teaser, take one"]);
    expect(await titlesOn(twentieth)).toEqual([]);
    expect(await card.count()).toBe(0);

    // The export link downloads the visible days as .ics.
    const href = await page.getByRole("link", { name: /Export this week/ }).getAttribute("href");
    const ics = await page.request.get(`${app.url}${href}`);
    expect(ics.headers()["content-type"]).toBe("text/calendar; charset=utf-8");

    // A phone: the month becomes an agenda, the week stacks its days, nothing scrolls sideways.
    await page.goto(`${app.url}/calendar?view=month&date=${twentySecond}`);
    await page.setViewportSize({ width: 375, height: 812 });
    const agenda = page.getByTestId("month-agenda");
    await agenda.getByTestId("entry").waitFor();
    expect(await grid.isVisible()).toBe(false);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "calendar-month-375.png"), fullPage: true });
    await page.getByRole("button", { name: "Next month" }).click();
    await empty.waitFor();
    // Someone who has planned before is not greeted as a first-timer.
    expect(await empty.textContent()).toContain("Nothing planned this month");
    expect(await empty.textContent()).not.toContain("first post");
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "calendar-empty-375.png"), fullPage: true });
    await page.getByRole("button", { name: "Previous month" }).click();
    await agenda.getByTestId("entry").waitFor();
    await page.getByRole("button", { name: "Week", exact: true }).click();
    await week.waitFor();
    const columns = await week.locator("section[data-day]").evaluateAll((days) => days.map((d) => d.getBoundingClientRect().width));
    expect(columns.length).toBe(7);
    for (const width of columns) expect(width).toBeGreaterThan(300);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "calendar-week-375.png"), fullPage: true });
    await page.getByRole("button", { name: "New post" }).click();
    await dialog.getByLabel("Title").waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "calendar-dialog-375.png") });
    expect(errors).toEqual([]);
  }, 120_000);
});
