import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { startLemonSqueezyFake, type LemonSqueezyFake } from "../fakes/lemonsqueezy-fake";
import { invoiceObject, signBody, STORE_ID, subscriptionObject, VARIANTS, webhookBody } from "../fakes/lemonsqueezy-payloads";
import { at, LEMON_ENV, lemonId, WEBHOOK_SECRET } from "./lemon-test-kit";

let emails = 0;
const uniqueEmail = (tag: string) => `${tag}-${process.pid}-${Date.now().toString(36)}-${emails++}@example.com`;

describe("billing with nothing configured (local checkout)", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("lets a local user buy Pro through the local checkout and shows plan pro with 1000 credits", async () => {
    const user = await Client.signIn(app, uniqueEmail("local-pro"));
    const checkout = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro" } });
    expect(checkout.status).toBe(200);
    expect(checkout.body.url).toBe(`${app.url}/billing/local-checkout?plan=pro`);

    const page = await user.fetch("/billing/local-checkout?plan=pro");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Pay $59");

    const paid = await user.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "pro" } });
    expect(paid).toMatchObject({ status: 200, body: { plan: "pro", balance: 1000 } });
    const me = await user.json("/api/me");
    expect(me.body).toMatchObject({ plan: "pro", balance: 1000 });

    const billing = await user.fetch("/billing");
    const html = await billing.text();
    expect(billing.status).toBe(200);
    expect(html).toContain("Plan credits");
    expect(html).toMatch(/data-testid="plan"[^>]*>Pro</);
  });

  it("answers 409 with a portal link to a user already on the plan", async () => {
    const user = await Client.signIn(app, uniqueEmail("local-twice"));
    await user.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "growth" } });
    const again = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "growth" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(again.body.error.details.portalUrl).toBe(`${app.url}/api/lemon/portal?redirect=1`);
    const portal = await user.json("/api/lemon/portal");
    expect(portal).toMatchObject({ status: 200, body: { url: `${app.url}/billing/local-portal` } });
  });

  it("upgrades growth to pro on the same subscription and replenishes to 1000 at once", async () => {
    const user = await Client.signIn(app, uniqueEmail("local-upgrade"));
    await user.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "growth" } });
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "growth", balance: 200 });
    const upgraded = await user.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "pro" } });
    expect(upgraded.body).toMatchObject({ plan: "pro", balance: 1000 });
  });

  it("takes premium models away when the subscription expires: 403 on the next generation", async () => {
    const user = await Client.signIn(app, uniqueEmail("local-expiry"));
    await user.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "growth" } });
    const before = await user.json("/api/image/generate", { method: "POST", json: { model: "gpt-image-sunburst", prompt: "a red kite over dunes" } });
    expect([200, 202]).toContain(before.status);

    const expired = await user.json("/api/lemon/local-checkout", { method: "POST", json: { action: "expire" } });
    expect(expired.body.plan).toBe("free");
    const after = await user.json("/api/image/generate", { method: "POST", json: { model: "gpt-image-sunburst", prompt: "a red kite over dunes" } });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe("plan_required");
    expect((await user.json("/api/me")).body.balance).toBe(200 - 15);
  });

  it("refuses checkout without a session, and an unknown plan", async () => {
    const anonymous = new Client(app);
    expect((await anonymous.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro" } })).status).toBe(401);
    const user = await Client.signIn(app, uniqueEmail("local-bad-plan"));
    const bad = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "platinum" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
    expect((await user.json("/api/lemon/portal")).status).toBe(404);
  });

  it("refuses unsigned webhooks even in the embedded default", async () => {
    const body = webhookBody("subscription_created", subscriptionObject({ id: lemonId(), variantId: "local-pro", status: "active", updatedAt: at(0) }), "x");
    const res = await fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(401);
  });
});

describe("billing with Lemon Squeezy configured (fake API)", () => {
  let app: App;
  let lemon: LemonSqueezyFake;
  const CRON_SECRET = "cron-secret-for-tests";

  beforeAll(async () => {
    lemon = await startLemonSqueezyFake();
    app = await startApp({
      ...LEMON_ENV,
      LEMON_SQUEEZY_API_KEY: lemon.apiKey,
      LEMON_SQUEEZY_STORE_ID: String(STORE_ID),
      LEMON_SQUEEZY_BASE_URL: lemon.url,
      CRON_SECRET,
    }, { auth: "clerk" });
  });
  afterAll(async () => {
    await app?.stop();
    await lemon?.close();
  });

  function deliver(eventName: string, data: unknown, userId: string | null, signature?: string | null) {
    const body = webhookBody(eventName, data, userId);
    const headers: Record<string, string> = { "content-type": "application/json", "x-event-name": eventName };
    const sig = signature === undefined ? signBody(body, WEBHOOK_SECRET) : signature;
    if (sig !== null) headers["x-signature"] = sig;
    return fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers, body }).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
  }

  async function subscribe(user: Client, plan: "growth" | "pro") {
    const { body: me } = await user.json("/api/me");
    const id = lemonId();
    const fixture = { id, variantId: VARIANTS[plan], status: "active" as const, updatedAt: at(0), email: me.email };
    lemon.setSubscription(fixture);
    expect((await deliver("subscription_created", subscriptionObject(fixture), me.id)).status).toBe(200);
    expect((await deliver("subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: id }), me.id)).status).toBe(200);
    return { userId: me.id as string, subscriptionId: id };
  }

  it("opens a real SDK checkout with the user id in custom data, the email and a redirect back", async () => {
    const email = uniqueEmail("sdk-checkout");
    const user = await Client.signIn(app, email);
    const { body: me } = await user.json("/api/me");
    const { status, body } = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "growth" } });
    expect(status).toBe(200);
    expect(body.url).toMatch(/^https:\/\/nexora\.lemonsqueezy\.com\/checkout\/custom\//);

    const sent = lemon.requests.filter((r) => r.pathname === "/v1/checkouts").at(-1)!;
    expect(sent.headers["authorization"]).toBe(`Bearer ${lemon.apiKey}`);
    const data = (sent.body as any).data;
    expect(data.relationships.store.data.id).toBe(String(STORE_ID));
    expect(data.relationships.variant.data.id).toBe(VARIANTS.growth);
    expect(data.attributes.checkout_data.custom).toEqual({ user_id: me.id });
    expect(data.attributes.checkout_data.email).toBe(email);
    expect(data.attributes.product_options.redirect_url).toBe(`${app.url}/billing?checkout=success`);
  });

  it("answers 401 to forged, missing and truncated signatures and stores nothing", async () => {
    const user = await Client.signIn(app, uniqueEmail("sig"));
    const { body: me } = await user.json("/api/me");
    const data = subscriptionObject({ id: lemonId(), variantId: VARIANTS.pro, status: "active", updatedAt: at(0) });
    const body = webhookBody("subscription_created", data, me.id);
    const good = signBody(body, WEBHOOK_SECRET);
    for (const signature of [signBody(body, "wrong-secret"), undefined, good.slice(0, 40), `${good.slice(0, 63)}`]) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (signature) headers["x-signature"] = signature;
      const res = await fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers, body });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
    expect((await user.json("/api/me")).body.plan).toBe("free");
    const res = await fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers: { "content-type": "application/json", "x-signature": good }, body });
    expect(await res.json()).toMatchObject({ received: true, status: "processed", duplicate: false });
    expect((await user.json("/api/me")).body.plan).toBe("pro");
  });

  it("refuses a body over the size limit", async () => {
    const big = JSON.stringify({ meta: { event_name: "order_created" }, data: { pad: "x".repeat(300 * 1024) } });
    const res = await fetch(`${app.url}/api/webhooks/lemon`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": signBody(big, WEBHOOK_SECRET) },
      body: big,
    });
    expect(res.status).toBe(413);
  });

  it("replenishes once when the same payment is delivered three times in parallel", async () => {
    const user = await Client.signIn(app, uniqueEmail("parallel"));
    const { body: me } = await user.json("/api/me");
    const subId = lemonId();
    await deliver("subscription_created", subscriptionObject({ id: subId, variantId: VARIANTS.pro, status: "active", updatedAt: at(0) }), me.id);
    const body = webhookBody("subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: subId }), me.id);
    const headers = { "content-type": "application/json", "x-signature": signBody(body, WEBHOOK_SECRET) };
    const results = await Promise.all(
      [1, 2, 3].map(() => fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers, body }).then((r) => r.json().then((b) => ({ status: r.status, body: b })))),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.status === "processed")).toHaveLength(1);
    expect(results.filter((r) => r.body.duplicate)).toHaveLength(2);
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "pro", balance: 1000 });
  });

  it("answers 500 to a payment it cannot apply yet and takes Lemon Squeezy's retry", async () => {
    const user = await Client.signIn(app, uniqueEmail("retry"));
    const { body: me } = await user.json("/api/me");
    const subId = lemonId();
    const payment = webhookBody("subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: subId }), null);
    const headers = { "content-type": "application/json", "x-signature": signBody(payment, WEBHOOK_SECRET) };
    const first = await fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers, body: payment });
    expect(first.status).toBe(500);
    expect((await first.json()).error.code).toBe("internal_error");

    await deliver("subscription_created", subscriptionObject({ id: subId, variantId: VARIANTS.growth, status: "active", updatedAt: at(0) }), me.id);
    const retry = await fetch(`${app.url}/api/webhooks/lemon`, { method: "POST", headers, body: payment });
    expect(retry.status).toBe(200);
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "growth", balance: 200 });
  });

  it("applies a payment that arrives before its subscription by reading the subscription from the API", async () => {
    const user = await Client.signIn(app, uniqueEmail("early-payment"));
    const { body: me } = await user.json("/api/me");
    const subId = lemonId();
    lemon.setSubscription({ id: subId, variantId: VARIANTS.pro, status: "active", updatedAt: at(0) });
    const res = await deliver("subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: subId }), me.id);
    expect(res).toMatchObject({ status: 200, body: { status: "processed" } });
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "pro", balance: 1000 });
    const late = await deliver("subscription_created", subscriptionObject({ id: subId, variantId: VARIANTS.pro, status: "active", updatedAt: at(0) }), me.id);
    expect(late.status).toBe(200);
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "pro", balance: 1000 });
  });

  it("stores an event for an unknown user, flags it and answers 200", async () => {
    const res = await deliver("subscription_created", subscriptionObject({ id: lemonId(), variantId: VARIANTS.pro, status: "active", updatedAt: at(0) }), "user_nobody_knows");
    expect(res).toMatchObject({ status: 200, body: { status: "unknown_user" } });
  });

  it("answers 409 on the same plan and gives the portal URL from the subscription object", async () => {
    const user = await Client.signIn(app, uniqueEmail("portal"));
    const { subscriptionId } = await subscribe(user, "growth");
    const again = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "growth" } });
    expect(again.status).toBe(409);
    expect(again.body.error.details.portalUrl).toContain("/api/lemon/portal");
    const portal = await user.json("/api/lemon/portal");
    expect(portal.status).toBe(200);
    expect(portal.body.url).toBe(`https://nexora.lemonsqueezy.com/billing?expires=1&user=1&signature=portal${subscriptionId}`);
    const redirect = await user.fetch("/api/lemon/portal?redirect=1");
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get("location")).toBe(portal.body.url);
  });

  it("quotes a growth -> pro switch first, then switches with invoice_immediately and grants 800 once the prorated invoice is paid", async () => {
    const user = await Client.signIn(app, uniqueEmail("switch"));
    // Paid half a month ago, renewing in half a month.
    const { body: me } = await user.json("/api/me");
    const subscriptionId = lemonId();
    const day = 24 * 3600_000;
    const fixture = { id: subscriptionId, variantId: VARIANTS.growth, status: "active" as const, updatedAt: new Date(Date.now() - 15 * day).toISOString(), renewsAt: new Date(Date.now() + 15 * day).toISOString(), email: me.email };
    lemon.setSubscription(fixture, me.id);
    expect((await deliver("subscription_created", subscriptionObject(fixture), me.id)).status).toBe(200);
    expect((await deliver("subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId, total: 2900, createdAt: fixture.updatedAt }), me.id)).status).toBe(200);
    lemon.setWebhook(`${app.url}/api/webhooks/lemon`, WEBHOOK_SECRET);
    const before = lemon.variantUpdates;

    const quote = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro" } });
    expect(quote.status).toBe(200);
    expect(quote.body.change).toMatchObject({ from: "growth", to: "pro", direction: "upgrade", credits: 800 });
    // Half a period left of a $30 difference: about $15 now.
    expect(quote.body.change.chargeNowCents).toBeGreaterThan(1400);
    expect(quote.body.change.chargeNowCents).toBeLessThan(1600);
    expect(lemon.variantUpdates).toBe(before);
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "growth", balance: 200 });

    const res = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro", confirm: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ url: `${app.url}/billing?changed=pro`, changed: true });
    expect(lemon.variantUpdates).toBe(before + 1);
    const patch = lemon.requests.filter((r) => r.method === "PATCH").at(-1)!;
    expect(patch.body).toMatchObject({ data: { attributes: { variant_id: Number(VARIANTS.pro), invoice_immediately: true } } });
    await lemon.flushWebhooks();
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "pro", balance: 1000 });

    // Down again with disable_prorations: no charge, no credits; up again in the same period: no credits.
    const down = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "growth", confirm: true } });
    expect(down.status).toBe(200);
    expect(lemon.requests.filter((r) => r.method === "PATCH").at(-1)!.body).toMatchObject({ data: { attributes: { disable_prorations: true } } });
    const again = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro" } });
    expect(again.body.change).toMatchObject({ direction: "upgrade", credits: 0 });
    await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro", confirm: true } });
    await lemon.flushWebhooks();
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "pro", balance: 1000 });
    expect(lemon.prorated).toHaveLength(2);
  });

  it("reconciles drift from the Lemon Squeezy API behind CRON_SECRET", async () => {
    const user = await Client.signIn(app, uniqueEmail("reconcile"));
    const { subscriptionId } = await subscribe(user, "pro");
    expect((await fetch(`${app.url}/api/cron/reconcile`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/cron/reconcile`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);

    // The expiry webhook was lost: only the API knows.
    lemon.setSubscription({ id: subscriptionId, variantId: VARIANTS.pro, status: "expired", endsAt: at(90), updatedAt: at(90) });
    const res = await fetch(`${app.url}/api/cron/reconcile`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.corrected).toContain(subscriptionId);
    expect((await user.json("/api/me")).body).toMatchObject({ plan: "free", balance: 1000 });

    const second = await fetch(`${app.url}/api/cron/reconcile`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect((await second.json()).corrected).not.toContain(subscriptionId);
  });
});
