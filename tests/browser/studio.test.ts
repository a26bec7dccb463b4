import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

const optionsOf = (select: import("playwright-core").Locator) => select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

describe("the studio's controls follow each model's options", () => {
  const session = useBrowserApp();

  it("offers each video model only the lengths and frames it makes, prices the long clip double, and shows GWM-1 as not yet available", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `studio-${Date.now()}@example.com` } })).status()).toBe(200);
    expect((await page.request.post(`${app.url}/api/lemon/local-checkout`, { data: { plan: "pro" } })).ok()).toBe(true);

    await page.goto(`${app.url}/studio`);
    await expect(page.getByTestId("balance").textContent()).resolves.toContain("1,000");
    // Images: GPT image models take sizes, the others aspect ratios; DALL-E is not offered.
    await page.getByRole("button", { name: /GPT Image Flare/ }).click();
    expect(await optionsOf(page.getByLabel("Size"))).toEqual(["1024x1024", "1536x1024", "1024x1536"]);
    expect(await page.getByRole("button", { name: /DALL/ }).count()).toBe(0);

    await page.getByRole("button", { name: "Video", exact: true }).click();
    await page.getByRole("button", { name: /Wan 2.1 Turbo/ }).click();
    await expect(page.getByTestId("length").textContent()).resolves.toBe("Length 5s");
    expect(await optionsOf(page.getByLabel("Aspect"))).toEqual(["16:9", "9:16"]);

    await page.getByRole("button", { name: /Luma Ray 2/ }).click();
    expect(await optionsOf(page.getByLabel("Length"))).toEqual(["5", "9"]);
    expect(await optionsOf(page.getByLabel("Aspect"))).toEqual(["16:9", "9:16", "4:3", "3:4", "21:9"]);
    await page.getByLabel("Length").selectOption("9");
    await page.getByLabel("Aspect").selectOption("21:9");
    await page.getByPlaceholder(/neon-lit alley/).fill("a slow pan over dunes at dawn");
    await page.getByRole("button", { name: "Generate · 50 credits" }).click();
    await expect(page.getByTestId("balance").textContent()).resolves.toContain("950");
    await page.getByText("Luma Ray 2 · 50 credits").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "studio-video.png"), fullPage: true });

    await page.getByRole("button", { name: /Runway GWM-1/ }).click();
    await expect(page.getByRole("button", { name: /Runway GWM-1/ }).textContent()).resolves.toContain("Not yet available");
    expect(await page.getByRole("button", { name: /^Generate/ }).count()).toBe(0);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, "studio-video-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
