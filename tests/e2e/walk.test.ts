import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { buildPng } from "../fakes/media-bytes";
import { SHOTS, useBrowserApp } from "../support/browser-app";
import { recordPageErrors } from "../support/record-page-errors";

// One new user through the whole product, by the pages alone, on the embedded default: PGlite in
// the app's own data folder (no DATABASE_URL, even when the run has a PostgreSQL), the demo
// providers (no provider keys) and the local checkout.

const DIR = path.join(SHOTS, "e2e");
const WAIT = 20_000;

/** Every signed-in page, in the sidebar's order, with what shows it has loaded. */
const APP_PAGES: { path: string; label: string; ready: (page: Page) => Promise<unknown> }[] = [
  { path: "/studio", label: "Studio", ready: (p) => p.getByTestId("results").waitFor() },
  { path: "/director", label: "Director", ready: (p) => p.getByTestId("recent-shot").first().waitFor() },
  { path: "/assistant", label: "Assistant", ready: (p) => p.getByRole("heading", { name: "Assistant", level: 1 }).waitFor() },
  { path: "/kits", label: "Marketing kits", ready: (p) => p.getByTestId("kit-list").locator("li").first().waitFor() },
  { path: "/calendar", label: "Calendar", ready: (p) => p.getByTestId("entry").filter({ visible: true }).first().waitFor() },
  { path: "/history", label: "History", ready: (p) => p.getByTestId("history-item").first().waitFor() },
  { path: "/reports", label: "Reports", ready: (p) => p.locator("[data-testid=chart-activity] canvas").waitFor() },
  { path: "/billing", label: "Billing", ready: (p) => p.getByTestId("plan").filter({ hasText: "Pro" }).waitFor() },
];
const PUBLIC_PAGES = [
  { path: "/", name: "home" },
  { path: "/pricing", name: "pricing", link: "Pricing" },
  { path: "/terms", name: "terms", link: "Terms" },
];

/** Waits until the header shows `credits` (as "1,000 credits"). */
const balanceShows = (page: Page, credits: string) =>
  page.getByTestId("header-balance").filter({ hasText: new RegExp(`^${credits} credits$`) }).first().waitFor({ timeout: WAIT });
const sideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const newestResult = (page: Page) => page.getByTestId("result").first();
const textOf = async (locator: Locator) => (await locator.textContent())?.trim() ?? "";

/** The local date the calendar names a day by (the browser runs in this process's time zone). */
function dayKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/**
 * What a person would wait for before looking: the page has faded in after a move between pages,
 * its pictures have loaded and its clips show their first frame.
 */
const settled = (page: Page) =>
  page.waitForFunction(
    () => {
      const transition = document.querySelector("#main > div");
      const style = transition && getComputedStyle(transition);
      const still = !style || (style.opacity === "1" && ["none", "matrix(1, 0, 0, 1, 0, 0)"].includes(style.transform));
      const images = [...document.images].filter((i) => i.loading !== "lazy").every((i) => i.complete);
      const clips = [...document.querySelectorAll("video")].filter((v) => v.preload !== "none").every((v) => v.readyState >= 2);
      // Slides and fades that end (a sheet coming in); endless ones (a pulse, a spinner) never do.
      const moving = document.getAnimations().some((a) => a.playState === "running" && a.effect?.getComputedTiming().iterations !== Infinity);
      return still && images && clips && !moving;
    },
    undefined,
    { timeout: WAIT },
  );

/** A screenshot of the whole page, or of the screen alone when a dialog or sheet is open over it. */
async function shoot(page: Page, name: string, { fullPage = true } = {}) {
  // From the top: a page scrolled down would draw its sticky header and sidebar mid-picture.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await settled(page);
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage });
}

/** The page as it is, at 1280 px and at 375 px (where it must not scroll sideways); back at 1280 after. */
async function shootBothWidths(page: Page, name: string) {
  await shoot(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await sideScroll(page)).toBeLessThanOrEqual(0);
  await shoot(page, `${name}-375`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A click in the desktop sidebar, as a person moves between pages. */
async function openFromSidebar(page: Page, label: string, pathname: string) {
  await page.locator("aside nav").getByRole("link", { name: label, exact: true }).click();
  await page.waitForURL((url) => url.pathname === pathname);
}

/** A tap in the phone's bottom bar, or under its "More" sheet for the pages that are not in it. */
async function openFromBottomBar(page: Page, label: string, pathname: string) {
  const bar = page.getByRole("navigation", { name: "Main pages" });
  const direct = bar.getByRole("link", { name: label, exact: true });
  if (await direct.count()) {
    await direct.click();
  } else {
    await bar.getByRole("button", { name: "More" }).click();
    const sheet = page.getByRole("dialog", { name: "All pages" });
    await sheet.getByRole("link", { name: label, exact: true }).click();
    await sheet.waitFor({ state: "hidden" });
  }
  await page.waitForURL((url) => url.pathname === pathname);
}

/** The public navbar is there and every one of its links fits on the screen. */
async function expectSiteNav(page: Page) {
  const nav = page.locator("header nav").first();
  expect(await nav.isVisible()).toBe(true);
  const width = page.viewportSize()!.width;
  for (const name of ["Pricing", "Terms", "Open studio"]) {
    const box = await nav.getByRole("link", { name, exact: true }).boundingBox();
    expect(box, `${name} in the navbar of ${page.url()}`).toBeTruthy();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${name} in the navbar of ${page.url()}`).toBeLessThanOrEqual(width);
  }
}

/** Walks the public pages the way a visitor does: the home page, then the navbar's links. */
async function visitPublicPages(page: Page, url: string, width: number) {
  await page.goto(`${url}/`);
  await page.waitForLoadState("networkidle");
  for (const { path: pathname, name, link } of PUBLIC_PAGES) {
    if (link) {
      await page.locator("header nav").first().getByRole("link", { name: link, exact: true }).click();
      await page.waitForURL((u) => u.pathname === pathname);
    }
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectSiteNav(page);
    expect(await sideScroll(page), `sideways scroll on ${pathname} at ${width} px`).toBeLessThanOrEqual(0);
    await shoot(page, `${name}-${width}`);
  }
}

describe("a new user's first session, page by page", () => {
  const session = useBrowserApp(() => ({ DATABASE_URL: undefined }));

  it("signs in, makes and pays for everything on the free plan, upgrades to Pro, and finds it all in History, at 1280 and 375 px", async () => {
    const { app } = session;
    // The setting, not a step: this server runs on the embedded database, whatever the run has.
    expect((await (await fetch(`${app.url}/api/health`)).json()).database).toBe("pglite");
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    const { page } = await session.openPage();
    const errors = recordPageErrors(page);
    const now = new Date();
    const tenth = dayKey(new Date(now.getFullYear(), now.getMonth(), 10));
    const twentieth = dayKey(new Date(now.getFullYear(), now.getMonth(), 20));

    // Sign in: the home page's "Open studio" asks for an account first.
    await page.goto(`${app.url}/`);
    await page.waitForLoadState("networkidle");
    await page.locator("header nav").getByRole("link", { name: "Open studio" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.waitForLoadState("networkidle");
    await shootBothWidths(page, "walk-sign-in");
    await page.getByLabel("Email").fill(`walk-${Date.now()}@example.com`);
    await page.getByLabel(/^Name/).fill("Wren Walker");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.pathname === "/studio");
    await page.waitForLoadState("networkidle");
    await balanceShows(page, "15");
    await expect(textOf(page.getByTestId("header-plan"))).resolves.toBe("Free");

    // An image: the header goes from 15 to 10.
    await page.getByRole("button", { name: /FLUX\.1 schnell/ }).click();
    await page.getByLabel("Prompt").fill("a lighthouse at dusk, teal and amber");
    await page.getByRole("button", { name: "Generate · 5 credits" }).click();
    await balanceShows(page, "10");
    await page.locator("[data-testid=result][data-status=succeeded] img").first().waitFor({ timeout: WAIT });
    await expect(newestResult(page).textContent()).resolves.toContain("a lighthouse at dusk");
    await balanceShows(page, "10");

    // A failing prompt: the card says the credits came back, and the header is back at 10.
    await page.getByLabel("Prompt").fill("a storm at sea [demo:fail]");
    await page.getByRole("button", { name: "Generate · 5 credits" }).click();
    await page.locator("[data-testid=result][data-status=failed]").filter({ hasText: "a storm at sea" }).getByText("Refunded: 5 credits back").waitFor({ timeout: WAIT });
    await balanceShows(page, "10");

    // A pro model is locked, and says which plan unlocks it.
    await page.getByRole("tab", { name: "Video" }).click();
    const seedance = page.getByRole("button", { name: /Seedance 2\.0/ });
    await seedance.click();
    await expect(seedance.textContent()).resolves.toContain("Pro plan unlocks this");
    expect(await page.getByRole("link", { name: "Upgrade to Pro", exact: true }).getAttribute("href")).toBe("/billing?plan=pro");
    expect(await page.getByRole("button", { name: /^Generate/ }).count()).toBe(0);
    await shoot(page, "walk-studio-locked-1280");

    // A clip that waits in the provider's queue can be cancelled: its 8 credits come back.
    await page.getByRole("button", { name: /Wan 2\.1 Turbo/ }).click();
    await page.getByLabel("Prompt").fill("a quiet harbour at night [demo:slow]");
    await page.getByRole("button", { name: "Generate · 8 credits" }).click();
    await balanceShows(page, "2");
    const queued = page.getByTestId("result").filter({ hasText: "a quiet harbour at night" });
    // Its provider still holds it in its queue and says how many are ahead, so it can still go.
    await queued.getByTestId("job-status").filter({ hasText: /^(Queued|In queue, [12] ahead|Next in queue) · \d+s$/ }).waitFor({ timeout: WAIT });
    await queued.getByRole("button", { name: "Cancel" }).click();
    await queued.getByText("Refunded: 8 credits back").waitFor({ timeout: WAIT });
    await expect(textOf(queued.getByTestId("job-status"))).resolves.toBe("Cancelled");
    await balanceShows(page, "10");

    // A clip on the free plan: its card counts the time while it renders, then plays it.
    await page.getByLabel("Prompt").fill("waves rolling onto a black sand beach");
    await page.getByRole("button", { name: "Generate · 8 credits" }).click();
    await balanceShows(page, "2");
    const clip = page.getByTestId("result").filter({ hasText: "waves rolling onto a black sand beach" });
    await clip.waitFor();
    const progress = new Set<string>();
    const end = Date.now() + 30_000;
    while ((await clip.getAttribute("data-status")) !== "succeeded") {
      const status = clip.getByTestId("job-status");
      if (await status.count()) progress.add(await textOf(status));
      if (Date.now() > end) throw new Error(`the clip did not finish; seen: ${[...progress].join(", ")}`);
      await page.waitForTimeout(100);
    }
    const shown = [...progress].filter((s) => s !== "");
    expect(shown.length, `progress seen: ${shown.join(", ")}`).toBeGreaterThanOrEqual(2);
    for (const s of shown) expect(s).toMatch(/^(Queued|Rendering) · \d+s$/);
    await page.waitForFunction(
      (prompt) => [...document.querySelectorAll<HTMLVideoElement>("[data-testid=result] video")].some((v) => v.getAttribute("aria-label") === prompt && v.videoWidth > 0),
      "waves rolling onto a black sand beach",
      { timeout: WAIT },
    );
    await balanceShows(page, "2");
    await shoot(page, "walk-studio-clip-1280");

    // The assistant: the answer is seen growing as it streams, and Stop keeps what arrived. Text
    // had arrived, so the stopped answer is charged: the last 2 credits pay for it.
    await openFromSidebar(page, "Assistant", "/assistant");
    await page.getByLabel("Message", { exact: true }).fill("A long plan for the lighthouse print series [demo:slow]");
    await page.getByRole("button", { name: "Send" }).click();
    const answer = page.locator("[data-role=assistant]").last();
    const lengths = new Set<number>();
    await expect
      .poll(async () => (lengths.add((await textOf(answer)).length), [...lengths].filter((n) => n > 1).length), { timeout: WAIT })
      .toBeGreaterThan(2);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.getByTestId("answer-cost").last().textContent(), { timeout: WAIT }).toBe("Stopped · 2 credits");
    await page.getByRole("button", { name: "Send" }).waitFor();
    const kept = await textOf(answer);
    expect(kept.length).toBeGreaterThan(1);
    // [demo:slow] writes a piece every half second: nothing more arrives once stopped.
    await page.waitForTimeout(1_200);
    expect(await textOf(answer)).toBe(kept);
    await balanceShows(page, "0");
    await shoot(page, "walk-assistant-answer-1280");

    // The calendar: a post with the lighthouse image on the 10th, dragged with the mouse to the 20th.
    await openFromSidebar(page, "Calendar", "/calendar");
    await page.getByTestId("empty-state").waitFor();
    await page.getByRole("button", { name: "Plan a post for tomorrow, 10:00" }).click();
    const dialog = page.getByTestId("entry-dialog");
    await dialog.getByLabel("Title").waitFor();
    await dialog.getByLabel("Date").fill(tenth);
    await dialog.getByLabel("Channel").selectOption("instagram");
    await dialog.getByLabel("Title").fill("Lighthouse print drop");
    await dialog.getByLabel("Notes").fill("Teal and amber; link the print shop.");
    await dialog.getByTitle(/^FLUX\.1 schnell: a lighthouse at dusk/).click();
    await dialog.getByRole("button", { name: "Plan post" }).click();
    const grid = page.getByTestId("month-grid");
    const cell = (day: string) => grid.locator(`[data-day="${day}"]`);
    const chip = cell(tenth).getByTestId("entry").filter({ hasText: "Lighthouse print drop" });
    await chip.waitFor();
    const from = (await chip.boundingBox())!;
    const to = (await cell(twentieth).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 6, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
    await page.getByText(/^Moved “Lighthouse print drop” to /).waitFor({ timeout: WAIT });
    expect(await cell(tenth).getByTestId("entry").count()).toBe(0);
    await page.reload();
    await page.waitForLoadState("networkidle");
    await cell(twentieth).getByTestId("entry").filter({ hasText: "Lighthouse print drop" }).waitFor();
    expect(await cell(tenth).getByTestId("entry").count()).toBe(0);
    await shoot(page, "walk-calendar-moved-1280");

    // Director is for Pro: its paywall leads to the billing page and the local checkout.
    await openFromSidebar(page, "Director", "/director");
    await page.getByTestId("paywall").waitFor();
    await expect(page.getByTestId("paywall").textContent()).resolves.toContain("Director is part of the Pro plan");
    await shootBothWidths(page, "walk-director-paywall");
    await page.getByRole("link", { name: "Upgrade to Pro" }).click();
    await page.waitForURL(/\/billing\?plan=pro$/);
    await page.getByRole("button", { name: "Get Pro" }).click();
    await page.waitForURL(/\/billing\/local-checkout\?plan=pro$/);
    await page.waitForLoadState("networkidle");
    await shootBothWidths(page, "walk-checkout");
    await page.getByRole("button", { name: "Pay $59" }).click();
    await page.waitForURL(/\/billing\?checkout=success$/);
    await page.waitForLoadState("networkidle");
    await page.getByRole("status").filter({ hasText: "Payment received." }).waitFor();
    await expect(textOf(page.getByTestId("plan"))).resolves.toBe("Pro");
    await balanceShows(page, "1,000");
    await expect(textOf(page.getByTestId("header-plan"))).resolves.toBe("Pro");
    await expect(page.getByTestId("ledger").locator("tr").first().textContent()).resolves.toMatch(/Plan credits.*\+1,000/);

    // Director, unlocked: a face photo, a prompt, and the shot through its three steps.
    await openFromSidebar(page, "Director", "/director");
    expect(await page.getByTestId("paywall").count()).toBe(0);
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByText("Add face photos").click()]);
    await chooser.setFiles({ name: "wren.png", mimeType: "image/png", buffer: buildPng(320, [214, 160, 120]) });
    await page.getByRole("img", { name: "wren.png" }).waitFor();
    await page.getByPlaceholder("Mara, the lead").fill("Wren");
    await page.getByRole("radio", { name: /^Orbit/ }).click();
    await page.getByPlaceholder(/neon-lit diner/).fill("Wren walks the lighthouse stairs at dusk");
    await page.getByRole("button", { name: "Generate · 120 credits" }).click();
    await balanceShows(page, "880");
    const panel = page.getByTestId("job-panel");
    await panel.getByText("Wren walks the lighthouse stairs at dusk").waitFor();
    await panel.getByTestId("job-status").filter({ hasText: /^(Ready|Failed)$/ }).waitFor({ timeout: 45_000 });
    await expect(textOf(panel.getByTestId("job-status"))).resolves.toBe("Ready");
    for (const step of ["character", "keyframe", "shot"]) {
      await expect(panel.getByTestId(`step-${step}`).getAttribute("data-status")).resolves.toBe("succeeded");
    }
    await panel.locator("video").waitFor();
    await balanceShows(page, "880");
    await shoot(page, "walk-director-shot-1280");

    // A marketing kit.
    await openFromSidebar(page, "Marketing kits", "/kits");
    await page.getByTestId("empty").waitFor();
    await page.getByLabel("Brief").fill("Lighthouse print series: limited run, teal and amber");
    await page.getByRole("button", { name: "Write kit · 4 credits" }).click();
    await page.getByTestId("kit").waitFor({ timeout: WAIT });
    await expect(page.locator("#kit-headline").textContent()).resolves.toMatch(/\S/);
    expect(await page.locator("[data-testid^=caption-]").count()).toBeGreaterThan(0);
    await balanceShows(page, "876");
    await shoot(page, "walk-kit-1280");

    // A production report over the week, with its charts drawn.
    await openFromSidebar(page, "Reports", "/reports");
    await page.getByTestId("empty").waitFor();
    await page.getByRole("button", { name: "Last 7 days" }).click();
    await page.getByRole("button", { name: "Write report · 5 credits" }).click();
    await page.getByTestId("report").waitFor({ timeout: WAIT });
    for (const chart of ["spend", "success", "latency", "activity"]) {
      await page.locator(`[data-testid=chart-${chart}] canvas`).waitFor();
    }
    await expect(
      page.locator("[data-testid=chart-spend] canvas").evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        return canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0);
      }),
    ).resolves.toBe(true);
    await balanceShows(page, "871");
    await shoot(page, "walk-report-1280");

    // History: every generation of the walk, each with its ledger rows.
    const made = [
      { prompt: "a lighthouse at dusk, teal and amber", reasons: ["reserve"] },
      { prompt: "a storm at sea [demo:fail]", reasons: ["reserve", "refund"] },
      { prompt: "a quiet harbour at night [demo:slow]", reasons: ["reserve", "refund"] },
      { prompt: "waves rolling onto a black sand beach", reasons: ["reserve"] },
      { prompt: "A long plan for the lighthouse print series [demo:slow]", reasons: ["reserve"] },
      { prompt: "Wren walks the lighthouse stairs at dusk", reasons: ["reserve"] },
      { prompt: "Lighthouse print series: limited run, teal and amber", reasons: ["reserve"] },
      { prompt: "Production report ", reasons: ["reserve"] },
    ];
    await openFromSidebar(page, "History", "/history");
    await page.waitForFunction(
      () => !document.querySelector("[data-testid=history-loading]") && document.querySelectorAll("[data-testid=history-item]").length > 0,
      undefined,
      { timeout: WAIT },
    );
    const cards = page.getByTestId("history-item");
    const prompts = await cards.evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    for (const { prompt } of made) expect(prompts.some((p) => p.includes(prompt)), `${prompt} in History`).toBe(true);
    expect(await cards.count()).toBe(made.length);
    const details = page.getByTestId("details");
    for (const { prompt, reasons } of made) {
      await cards.filter({ hasText: prompt }).getByRole("button", { name: /^Details/ }).click();
      await details.getByTestId("ledger-row").first().waitFor();
      await expect(details.getByTestId("ledger-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-reason")))).resolves.toEqual(reasons);
      if (prompt.includes("[demo:fail]")) await shoot(page, "walk-history-refund-1280", { fullPage: false });
      await page.keyboard.press("Escape");
      await details.waitFor({ state: "detached" });
    }
    await shoot(page, "walk-history-1280");

    // Every page once more, at 1280 through the sidebar, then at 375 through the bottom bar.
    for (const { path: pathname, label, ready } of APP_PAGES) {
      await openFromSidebar(page, label, pathname);
      await ready(page);
      await shoot(page, `${pathname.slice(1)}-1280`);
    }
    await visitPublicPages(page, app.url, 1280);

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${app.url}/studio`);
    await page.waitForLoadState("networkidle");
    for (const { path: pathname, label, ready } of APP_PAGES) {
      if (new URL(page.url()).pathname !== pathname) await openFromBottomBar(page, label, pathname);
      await ready(page);
      const bar = page.getByRole("navigation", { name: "Main pages" });
      expect(await bar.isVisible(), `the bottom bar on ${pathname}`).toBe(true);
      // The desktop sidebar is hidden; the bar replaces it.
      expect(await page.getByRole("navigation", { name: "Pages", exact: true }).isVisible(), `the sidebar on ${pathname}`).toBe(false);
      await expect.poll(() => sideScroll(page), { message: `sideways scroll on ${pathname} at 375 px`, timeout: 5_000 }).toBeLessThanOrEqual(0);
      await shoot(page, `${pathname.slice(1)}-375`);
    }
    await visitPublicPages(page, app.url, 375);

    expect(errors).toEqual([]);
  }, 240_000);
});
