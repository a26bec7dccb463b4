import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../support/app";
import { launchBrowser } from "../support/browser";

const SHOTS = path.resolve(__dirname, "../../test-results");

describe("billing in Chromium", () => {
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

  it("buys Pro through the local checkout, sees 1,000 credits, then cancels in the portal", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const signIn = await page.request.post(`${app.url}/api/auth/local`, { data: { email: `browser-${Date.now()}@example.com` } });
    expect(signIn.status()).toBe(200);

    await page.goto(`${app.url}/billing`);
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Free");
    await page.getByRole("button", { name: "Get Pro" }).click();
    await page.waitForURL(/\/billing\/local-checkout\?plan=pro$/);
    await page.screenshot({ path: path.join(SHOTS, "billing-local-checkout.png"), fullPage: true });

    await page.getByRole("button", { name: "Pay $59" }).click();
    await page.waitForURL(/\/billing\?checkout=success$/);
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Pro");
    await expect(page.getByTestId("balance").textContent()).resolves.toContain("1,000");
    await expect(page.getByTestId("ledger").textContent()).resolves.toContain("Plan credits");
    await page.screenshot({ path: path.join(SHOTS, "billing-pro.png"), fullPage: true });

    await page.getByRole("button", { name: "Manage subscription" }).click();
    await page.waitForURL(/\/billing\/local-portal$/);
    await page.getByRole("button", { name: "Cancel at period end" }).click();
    await page.waitForURL(/\/billing$/);
    // Cancelled keeps access until the period ends.
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Pro");
    await expect(page.getByText(/Cancelled · Ends/).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
  });
});
