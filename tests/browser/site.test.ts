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
