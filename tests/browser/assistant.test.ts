import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

describe("the assistant in Chromium", () => {
  const session = useBrowserApp();

  it("shows the answer growing as it streams, and charges 2 credits", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `assistant-${Date.now()}@example.com` } })).status()).toBe(200);
    await page.request.put(`${app.url}/api/brand`, { data: { name: "Lumen Tea", offer: "loose-leaf tea", audience: "busy designers", voice: "calm" } });
    await page.goto(`${app.url}/assistant`);
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("15 credits");
    // The page keeps no balance of its own: the header is the one figure, and it moves without a reload.
    expect(await page.getByTestId("balance").count()).toBe(0);
    await page.evaluate(() => ((window as any).__samePage = true));
    await page.getByPlaceholder(/spring launch/).fill("Plan three posts for our spring blend");
    await page.getByRole("button", { name: "Send" }).click();

    // Sample the answer's length while it streams: it must be seen growing, not appear at once.
    const answer = page.locator("[data-role=assistant]").last();
    const lengths: number[] = [];
    for (let i = 0; i < 60 && !(await page.getByRole("button", { name: "Send" }).isVisible()); i++) {
      lengths.push(((await answer.textContent()) ?? "").length);
      await page.waitForTimeout(20);
    }
    await page.getByRole("button", { name: "Send" }).waitFor();
    const final = ((await answer.textContent()) ?? "").length;
    expect(new Set(lengths.filter((n) => n > 1 && n < final)).size).toBeGreaterThan(1);
    await expect(answer.textContent()).resolves.toContain("Lumen Tea");
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("13 credits");
    await expect(page.evaluate(() => (window as any).__samePage)).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "assistant.png"), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, "assistant-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
