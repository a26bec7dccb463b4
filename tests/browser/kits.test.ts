import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

const noSideScroll = (page: import("playwright-core").Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("marketing kits in Chromium", () => {
  const session = useBrowserApp();

  it("writes a kit for two channels, counts each caption against its limit, copies one, and reopens it from the list", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `kits-${Date.now()}@example.com` } })).status()).toBe(200);
    await page.request.put(`${app.url}/api/brand`, { data: { name: "Lumen Tea", offer: "loose-leaf tea", audience: "busy designers", voice: "calm" } });

    await page.goto(`${app.url}/kits`);
    await page.getByTestId("empty").waitFor();
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("15 credits");
    // The page keeps no balance of its own: the header is the one figure, and it moves without a reload.
    expect(await page.getByTestId("balance").count()).toBe(0);
    await page.evaluate(() => ((window as any).__samePage = true));
    // Instagram and X are picked to start with; swap Instagram for LinkedIn.
    await page.getByRole("button", { name: /^Instagram/ }).click();
    await page.getByRole("button", { name: /^LinkedIn/ }).click();
    expect(await page.getByRole("button", { pressed: true }).allTextContents()).toEqual(["X280", "LinkedIn3,000"]);
    await page.getByLabel("Brief").fill("Spring blend launch: floral, caffeine-light");
    await page.getByLabel("Tone").fill("playful");
    await page.getByRole("button", { name: "Write kit · 4 credits" }).click();
    await page.getByTestId("kit").waitFor();
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("11 credits");
    await expect(page.evaluate(() => (window as any).__samePage)).resolves.toBe(true);

    await expect(page.locator("#kit-headline").textContent()).resolves.toContain("Lumen Tea");
    expect(await page.locator("[data-testid^=caption-]").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-testid")))).toEqual(["caption-x", "caption-linkedin"]);
    const caption = await page.getByLabel("X caption").inputValue();
    expect(caption).toContain("playful");
    await expect(page.getByTestId("counter-x").textContent()).resolves.toBe(`${Array.from(caption).length} / 280`);
    await expect(page.getByTestId("counter-linkedin").textContent()).resolves.toMatch(/^\d+ \/ 3,000$/);
    expect(await page.getByTestId("counter-x").getAttribute("data-over")).toBeNull();
    await expect(page.getByTestId("hashtags").textContent()).resolves.toContain("#lumen");

    await page.getByRole("button", { name: "Copy X caption" }).click();
    await page.getByRole("button", { name: "Copied X caption" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(caption);

    // Past the channel's limit the counter turns red, and the copy is of the edited caption.
    const colorOf = () => page.getByTestId("counter-x").evaluate((el) => getComputedStyle(el).color);
    const within = await colorOf();
    const long = `${caption} ${"more ".repeat(60)}`.trim();
    await page.getByLabel("X caption").fill(long);
    await expect(page.getByTestId("counter-x").getAttribute("data-over")).resolves.toBe("true");
    await expect(page.getByTestId("counter-x").textContent()).resolves.toContain(`${Array.from(long).length} / 280`);
    expect(await colorOf()).not.toBe(within);
    await page.getByRole("button", { name: "Copy X caption" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(long);
    await page.getByRole("button", { name: "Copy email subject" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain("Lumen Tea");
    await page.screenshot({ path: path.join(SHOTS, "kits.png"), fullPage: true });

    // A second kit, then the first again from the list.
    await page.getByLabel("Brief").fill("Summer iced tea range");
    await page.getByRole("button", { name: "Write kit · 4 credits" }).click();
    await expect.poll(() => page.locator("#kit-headline").textContent()).toContain("Summer iced tea range");
    await page.getByTestId("kit-list").locator("li").nth(1).waitFor();
    expect(await page.getByTestId("kit-list").locator("li").count()).toBe(2);
    await page.getByTestId("kit-list").getByRole("button", { name: /Spring blend launch/ }).click();
    await expect.poll(() => page.locator("#kit-headline").textContent()).toContain("Spring blend launch");
    // Reopened as it was written, not as it was edited.
    expect(await page.getByLabel("X caption").inputValue()).toBe(caption);
    await page.reload();
    await expect.poll(() => page.locator("#kit-headline").textContent()).toContain("Spring blend launch");

    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(200);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "kits-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows a failed kit as refunded and gives the credits back", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `kits-fail-${Date.now()}@example.com` } })).status()).toBe(200);
    await page.goto(`${app.url}/kits`);
    await page.getByTestId("empty").waitFor();
    await page.getByLabel("Brief").fill("A launch that will not be written [demo:fail]");
    await page.getByRole("button", { name: "Write kit · 4 credits" }).click();
    const alert = page.locator("form [role=alert]");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain("refunded");
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("15 credits");
    expect(await page.getByTestId("kit").count()).toBe(0);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "kits-error-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
