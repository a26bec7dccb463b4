import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { seedUsers, uniqueEmail } from "../generation/seed";
import { SHOTS, useBrowserApp } from "../support/browser-app";

// Every signed-in page, in the sidebar's order; some of them may not be built yet, so only links are checked.
const PAGES = ["/studio", "/director", "/assistant", "/kits", "/calendar", "/history", "/reports", "/billing"];

const hrefsIn = (page: Page, selector: string) =>
  page.locator(`${selector} a[href]`).evaluateAll((links) => links.map((a) => a.getAttribute("href")));

const sideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function signIn(page: Page, url: string, email: string) {
  expect((await page.request.post(`${url}/api/auth/local`, { data: { email, name: "Shell Tester" } })).status()).toBe(200);
}

describe("the signed-in shell in Chromium", () => {
  const lowEmail = uniqueEmail("low");
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await seedUsers([{ email: lowEmail, credits: 4 }]);
  });
  const session = useBrowserApp(() => ({ DATA_DIR: dataDir, SWEEP_INTERVAL_SECONDS: "0" }));

  it("shows every page and the balance on a desktop, keeps the header's credits in step with the studio, and on a phone reaches every page and signs out from More", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await signIn(page, app.url, uniqueEmail("shell"));

    await page.goto(`${app.url}/studio`);
    expect(await hrefsIn(page, "aside nav")).toEqual(PAGES);
    await expect(page.locator("aside a[aria-current=page]").textContent()).resolves.toBe("Studio");
    const balance = page.getByTestId("header-balance");
    await expect(balance.textContent()).resolves.toBe("15 credits");
    await expect(page.getByTestId("header-plan").textContent()).resolves.toBe("Free");
    await expect(page.locator("header a[href='/billing']").count()).resolves.toBe(1);
    await expect(page.getByTestId("low-balance").count()).resolves.toBe(0);
    expect(await page.getByRole("navigation", { name: "Main pages" }).isVisible()).toBe(false);

    // The run is paid in the header at once and confirmed by the server's figure, with no reload.
    await page.evaluate(() => ((window as { shellMarker?: boolean }).shellMarker = true));
    await page.getByRole("button", { name: /FLUX\.1 schnell/ }).click();
    await page.getByRole("textbox").first().fill("a lighthouse at dusk, seen from the shell test");
    await page.getByRole("button", { name: "Generate · 5 credits" }).click();
    await page.locator("img[src^='/api/artifacts/']").first().waitFor({ timeout: 15_000 });
    await expect.poll(() => balance.textContent()).toBe("10 credits");
    expect(await page.evaluate(() => (window as { shellMarker?: boolean }).shellMarker)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "shell-studio-1280.png"), fullPage: true });

    // A failing run: the price comes back, and the toast that says so stays clear of the balance.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("textbox").first().fill("a storm that breaks the demo [demo:fail]");
    await page.getByRole("button", { name: "Generate · 5 credits" }).click();
    const toast = page.locator("[data-sonner-toast]").first();
    await toast.waitFor();
    await expect.poll(() => balance.textContent()).toBe("10 credits");
    const [toastBox, balanceBox] = [await toast.boundingBox(), await balance.boundingBox()];
    expect(toastBox && balanceBox).toBeTruthy();
    expect(toastBox!.y >= balanceBox!.y + balanceBox!.height || toastBox!.y + toastBox!.height <= balanceBox!.y).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "shell-studio-375-toast.png") });

    // On a phone: no sidebar, the bottom bar instead, and the page never scrolls sideways.
    expect(await page.locator("aside").isVisible()).toBe(false);
    const bar = page.getByRole("navigation", { name: "Main pages" });
    expect(await bar.isVisible()).toBe(true);
    await expect(bar.locator("a[aria-current=page]").textContent()).resolves.toBe("Studio");
    await expect.poll(() => sideScroll(page)).toBeLessThanOrEqual(0);
    // The content ends above the bar, not under it.
    const barTop = (await bar.boundingBox())!.y;
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const lastResult = page.locator("main article").last();
    expect(((await lastResult.boundingBox())!.y + (await lastResult.boundingBox())!.height)).toBeLessThanOrEqual(barTop + 1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, "shell-studio-375.png"), fullPage: true });

    await page.goto(`${app.url}/billing`);
    await expect(balance.textContent()).resolves.toBe("10 credits");
    await expect.poll(() => sideScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "shell-billing-375.png"), fullPage: true });

    // "More" opens a modal sheet with every page and the user menu; Esc closes it and gives focus back.
    const more = bar.getByRole("button", { name: "More" });
    await more.click();
    const sheet = page.getByRole("dialog", { name: "All pages" });
    await sheet.waitFor();
    expect(await hrefsIn(page, "dialog[open] nav")).toEqual(PAGES);
    await expect(sheet.locator("a[aria-current=page]").textContent()).resolves.toBe("Billing");
    await expect(sheet.textContent()).resolves.toContain("Shell Tester");
    await page.screenshot({ path: path.join(SHOTS, "shell-more-375.png") });
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "hidden" });
    await expect(more.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await more.click();
    await sheet.getByRole("link", { name: "Studio" }).click();
    await page.waitForURL(`${app.url}/studio`);
    await sheet.waitFor({ state: "hidden" });

    await more.click();
    await sheet.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/studio`);
    await page.waitForURL(/\/sign-in/);

    await page.setViewportSize({ width: 1280, height: 900 });
    expect(errors).toEqual([]);
  });

  it("shows the billing page at both widths without sideways scroll, and catches up with credits spent elsewhere on the next page", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await signIn(page, app.url, uniqueEmail("billing-shell"));
    await page.goto(`${app.url}/billing`);
    await expect(page.locator("aside a[aria-current=page]").textContent()).resolves.toBe("Billing");
    await page.screenshot({ path: path.join(SHOTS, "shell-billing-1280.png"), fullPage: true });

    // Another client of the same account spends 5 credits; moving to another page shows it.
    const run = await page.request.post(`${app.url}/api/image/generate`, {
      data: { model: "flux-schnell", prompt: "a run from another tab" },
      headers: { "idempotency-key": crypto.randomUUID() },
    });
    expect(run.ok()).toBe(true);
    await expect(page.getByTestId("header-balance").textContent()).resolves.toBe("15 credits");
    await page.locator("aside").getByRole("link", { name: "Studio" }).click();
    await page.waitForURL(`${app.url}/studio`);
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("10 credits");

    await page.goto(`${app.url}/billing`);
    await page.setViewportSize({ width: 375, height: 812 });
    await expect.poll(() => sideScroll(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it("warns a user with fewer than 10 credits and offers a top-up", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await signIn(page, app.url, lowEmail);
    await page.goto(`${app.url}/studio`);
    await expect(page.getByTestId("header-balance").textContent()).resolves.toBe("4 credits");
    const warning = page.getByTestId("low-balance");
    await expect(warning.textContent()).resolves.toContain("4 credits left");
    await expect(warning.getByRole("link", { name: "Top up" }).getAttribute("href")).resolves.toBe("/billing");
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await warning.isVisible()).toBe(true);
    await expect.poll(() => sideScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "shell-low-balance-375.png") });
    await warning.getByRole("link", { name: "Top up" }).click();
    await page.waitForURL(`${app.url}/billing`);
    expect(errors).toEqual([]);
  });

  it("answers an unknown address with the styled 404 page and a way home", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    const res = await page.goto(`${app.url}/no-such-page`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
    await expect(page.title()).resolves.toBe("Page not found · Nexora Studio");
    await expect(page.getByRole("link", { name: "Back home" }).getAttribute("href")).resolves.toBe("/");
    await page.screenshot({ path: path.join(SHOTS, "shell-404-1280.png") });
    await page.setViewportSize({ width: 375, height: 812 });
    await expect.poll(() => sideScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "shell-404-375.png") });
    await page.getByRole("link", { name: "Back home" }).click();
    await page.waitForURL(`${app.url}/`);
    expect(errors).toEqual([]);
  });
});
