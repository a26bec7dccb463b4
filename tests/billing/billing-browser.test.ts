import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

describe("billing in Chromium", () => {
  const session = useBrowserApp();

  it("buys Pro through the local checkout, sees 1,000 credits, then cancels in the portal", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    const signIn = await page.request.post(`${app.url}/api/auth/local`, { data: { email: `browser-${Date.now()}@example.com` } });
    expect(signIn.status()).toBe(200);

    await page.goto(`${app.url}/billing`);
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Free");
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("15 credits");
    await page.getByRole("button", { name: "Get Pro" }).click();
    await page.waitForURL(/\/billing\/local-checkout\?plan=pro$/);
    await page.screenshot({ path: path.join(SHOTS, "billing-local-checkout.png"), fullPage: true });

    await page.getByRole("button", { name: "Pay $59" }).click();
    await page.waitForURL(/\/billing\?checkout=success$/);
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Pro");
    await expect(page.getByTestId("balance").textContent()).resolves.toContain("1,000");
    // The header shows the same new figure as the page.
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("1,000 credits");
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

  it("confirms a plan switch first, showing the charge now and the credits it adds", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    const signIn = await page.request.post(`${app.url}/api/auth/local`, { data: { email: `switch-${Date.now()}@example.com` } });
    expect(signIn.status()).toBe(200);
    await page.request.post(`${app.url}/api/lemon/local-checkout`, { data: { plan: "growth" } });
    await page.goto(`${app.url}/billing`);
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Growth");
    await page.getByRole("button", { name: "Switch to Pro" }).click();
    const dialog = page.getByRole("dialog", { name: "Switch to Pro" });
    await dialog.waitFor();
    await expect(dialog.getByTestId("switch-quote").textContent()).resolves.toMatch(/charges \$\d+\.\d{2} now.*800 credits/);
    await page.screenshot({ path: path.join(SHOTS, "billing-switch-confirm.png"), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await dialog.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "billing-switch-confirm-375.png") });
    await dialog.getByRole("button", { name: "Confirm switch" }).click();
    await page.waitForURL(/\/billing\?changed=pro$/);
    await expect(page.getByTestId("plan").textContent()).resolves.toBe("Pro");
    await expect(page.getByTestId("balance").textContent()).resolves.toContain("1,000");
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("1,000 credits");
    expect(errors).toEqual([]);
  });
});
