import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../support/app";
import { launchBrowser } from "../support/browser";

const SHOTS = path.resolve(__dirname, "../../test-results");

describe("public pages in Chromium", () => {
  let app: App;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("renders the home page with its showcase and takes a visitor to pricing", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.url}/`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Cinematic video");
    const arts = page.locator("img[src^='/arts/']");
    expect(await arts.count()).toBeGreaterThanOrEqual(6);
    expect(await arts.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "home.png"), fullPage: true });

    await page.getByRole("link", { name: "See pricing" }).click();
    await page.waitForURL(`${app.url}/pricing`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("plans");
    expect(await page.locator("table tbody tr").count()).toBe(14);
    await page.screenshot({ path: path.join(SHOTS, "pricing.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
