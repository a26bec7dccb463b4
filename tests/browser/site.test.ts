import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

describe("public pages in Chromium", () => {
  const session = useBrowserApp();

  it("renders the home page with its showcase and takes a visitor to pricing", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await page.goto(`${app.url}/`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Cinematic video");
    // Distinct pieces, each captioned with its model: looped clips with their stills, and stills.
    const clips = page.locator("video[src^='/arts/']");
    const stills = page.locator("img[src^='/arts/']");
    expect(await clips.count()).toBeGreaterThanOrEqual(6);
    expect(await stills.count()).toBeGreaterThanOrEqual(2);
    const sources = await page.locator("[src^='/arts/']").evaluateAll((els) => els.map((el) => el.getAttribute("src")));
    expect(new Set(sources).size).toBe(sources.length);
    await expect(page.locator("figcaption").first().textContent()).resolves.toMatch(/Kling 3\.0/);
    const tile = page.locator("figure", { has: page.locator("video") }).first();
    await tile.scrollIntoViewIfNeeded();
    await tile.hover({ force: true });
    await page.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>("video[src^='/arts/']");
      return Boolean(video && !video.paused && video.currentTime > 0 && video.videoWidth > 0);
    }, undefined, { timeout: 10_000 });
    expect(await stills.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "home.png"), fullPage: true });

    await page.getByRole("link", { name: "See pricing" }).click();
    await page.waitForURL(`${app.url}/pricing`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("plans");
    expect(await page.locator("table tbody tr").count()).toBe(14);
    await page.screenshot({ path: path.join(SHOTS, "pricing.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
