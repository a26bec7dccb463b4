import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { localUserId } from "../../lib/auth/local-session";
import { failGeneration } from "../../lib/db/functions/generations";
import { reserve } from "../db/money";
import { seedUser, seedUsers, uniqueEmail, withAppDatabase } from "../generation/seed";
import { invoiceObject, signBody, subscriptionObject, VARIANTS, webhookBody } from "../fakes/lemonsqueezy-payloads";
import { at, LEMON_ENV, lemonId, WEBHOOK_SECRET } from "../billing/lemon-test-kit";
import { SHOTS, useBrowserApp } from "../support/browser-app";

describe("the admin console in Chromium", () => {
  const adminEmail = uniqueEmail("admin");
  const customerEmail = uniqueEmail("customer");
  const nosyEmail = uniqueEmail("nosy");
  const customerId = localUserId(customerEmail);
  let dataDir = "";

  beforeAll(async () => {
    dataDir = await seedUsers([{ email: adminEmail }, { email: customerEmail, credits: 40 }, { email: nosyEmail }]);
    await withAppDatabase(dataDir, async (sql) => {
      const worker = await seedUser(sql, { email: uniqueEmail("jobs"), credits: 200 });
      const overdue = (await reserve(sql, worker, { provider: "fal", model: "kling-3.0", kind: "video" })).generation!.id;
      await sql.query("update generations set status = 'running', created_at = now() - interval '3 hours' where id = $1", [overdue]);
      const failed = (await reserve(sql, worker, { provider: "replicate" })).generation!.id;
      await failGeneration(sql, failed, { code: "provider_failed", message: "Replicate answered 500" });
    });
  });
  const session = useBrowserApp(() => ({ DATA_DIR: dataDir, ADMIN_USERS: adminEmail, SWEEP_INTERVAL_SECONDS: "0", ...LEMON_ENV }));

  function deliver(eventName: string, data: unknown, userId: string | null) {
    const body = webhookBody(eventName, data, userId);
    return fetch(`${session.app.url}/api/webhooks/lemon`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": signBody(body, WEBHOOK_SECRET) },
      body,
    });
  }

  it("lets an admin adjust a user's credits with a reason and replay a failed event, on a desktop and a phone", async () => {
    const { app } = session;
    const subscriptionId = lemonId();
    const invoiceId = lemonId();
    expect((await deliver("subscription_payment_success", invoiceObject({ id: invoiceId, subscriptionId }), customerId)).status).toBe(500);

    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: adminEmail, name: "Ada Admin" } })).status()).toBe(200);
    await page.goto(`${app.url}/admin`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Admin");
    await expect(page.locator("aside").getByRole("link", { name: "Admin" }).count()).resolves.toBe(1);

    await page.getByLabel("Search users").fill(customerEmail);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForFunction(() => window.location.search.startsWith("?q="));
    const row = page.locator(`[data-testid="user-row"][data-user-id="${customerId}"]`);
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(1);
    await row.waitFor();
    await expect(row.getByTestId("user-balance").textContent()).resolves.toBe("40");
    expect(page.url()).toContain(`?q=${encodeURIComponent(customerEmail)}`);

    await row.getByRole("button", { name: "Adjust" }).click();
    const form = page.getByRole("form", { name: `Adjust credits of ${customerEmail}` });
    await form.getByLabel("Credits (+/-)").fill("30");
    // The browser refuses an empty reason before anything is sent.
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(form.getByLabel(/^Reason/).evaluate((el: HTMLInputElement) => el.validity.valueMissing)).resolves.toBe(true);
    await form.getByLabel(/^Reason/).fill("Goodwill for a failed render");
    await form.getByRole("button", { name: "Apply" }).click();

    const confirmation = page.getByTestId("adjust-confirmation");
    await confirmation.waitFor();
    await expect(confirmation.textContent()).resolves.toMatch(/\+30 credits applied: Goodwill for a failed render\. Balance now 70\./);
    await expect(row.getByTestId("user-balance").textContent()).resolves.toBe("70");

    // The webhook's subscription arrives late; the stored payment can now be replayed from the console.
    expect((await deliver("subscription_created", subscriptionObject({ id: subscriptionId, variantId: VARIANTS.growth, status: "active", updatedAt: at(0) }), customerId)).status).toBe(200);
    const event = page.getByTestId("webhook-event").filter({ hasText: `object ${invoiceId}` });
    const eventId = (await event.textContent())!.match(/#(\d+)/)![1];
    await event.getByRole("button", { name: "Replay" }).click();
    await page.getByText(`Event #${eventId} applied.`).waitFor();
    // The console refreshes: the event leaves the failed list, both actions are in the audit log,
    // and the adjustment's confirmation stays in the users table.
    await expect.poll(() => event.count()).toBe(0);
    const audit = page.getByTestId("audit");
    await expect.poll(() => audit.textContent()).toContain("Replayed webhook");
    await expect(audit.textContent()).resolves.toContain("+30 credits: Goodwill for a failed render");
    await expect(confirmation.count()).resolves.toBe(1);

    await expect(page.getByTestId("jobs").textContent()).resolves.toContain("kling-3.0");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, "admin-1280.png"), fullPage: true });

    await page.setViewportSize({ width: 375, height: 812 });
    // Tables scroll inside their own frames; the page itself never scrolls sideways.
    // Once the toast of the replay has gone and the layout has settled after the resize.
    await page.getByText(/Event #\d+ applied\./).waitFor({ state: "detached", timeout: 10_000 }).catch(() => {});
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 }).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SHOTS, "admin-375.png"), fullPage: true });
    await row.getByRole("button", { name: "Adjust" }).click();
    await form.getByLabel("Credits (+/-)").scrollIntoViewIfNeeded();
    await expect(form.getByRole("button", { name: "Apply" }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "admin-375-adjust.png") });
    expect(errors).toEqual([]);

    const { page: customerPage } = await session.openPage();
    await customerPage.request.post(`${app.url}/api/auth/local`, { data: { email: customerEmail } });
    const me = await (await customerPage.request.get(`${app.url}/api/me`)).json();
    expect(me).toMatchObject({ plan: "growth", balance: 200 });
    await customerPage.goto(`${app.url}/billing`);
    await expect(customerPage.getByTestId("ledger").textContent()).resolves.toContain("Goodwill for a failed render (by admin");
  });

  it("shows a user who is not an admin the 404 page, and no Admin link", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await page.request.post(`${app.url}/api/auth/local`, { data: { email: nosyEmail } });
    const res = await page.goto(`${app.url}/admin`);
    expect(res?.status()).toBe(404);
    // Waited for rather than counted the moment the load event fires (a CI run counted 0 there);
    // if the words never come, the failure says what the page held instead.
    await page
      .getByText("This page could not be found.")
      .waitFor({ timeout: 10_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\npage: ${JSON.stringify({ errors, body: (await page.locator("body").innerText()).slice(0, 600) })}`);
      });
    await expect(page.getByText("This page could not be found.").count()).resolves.toBe(1);
    await expect(page.title()).resolves.not.toMatch(/admin/i);
    await page.screenshot({ path: path.join(SHOTS, "admin-not-admin-404.png") });
    await page.goto(`${app.url}/studio`);
    await expect(page.locator("aside").getByRole("link", { name: "Admin" }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
