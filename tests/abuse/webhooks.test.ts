import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_SECRET, LEMON_ENV } from "../billing/lemon-test-kit";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import { signBody, subscriptionObject, VARIANTS, webhookBody } from "../fakes/lemonsqueezy-payloads";
import { balanceOf, waitForFinish } from "../generation/helpers";
import { seedUsers, uniqueEmail } from "../generation/seed";
import { Client, startApp, type App } from "../support/app";

// Webhooks of every sender, as an attacker would send them: unsigned, forged (a key or secret that
// is not theirs), tampered after signing, stale, oversized, and replayed. Only a genuine, fresh
// delivery acts, and acting twice changes nothing more.
describe("webhooks under attack", () => {
  let fakes: ProviderFakes;
  let app: App;
  const email = uniqueEmail("webhook-abuse");

  beforeAll(async () => {
    fakes = await startProviderFakes();
    const dataDir = await seedUsers([{ email, plan: "pro", credits: 500 }]);
    app = await startApp({ DATA_DIR: dataDir, ...fakes.env, ...LEMON_ENV, PROVIDER_WEBHOOKS: "1", GENERATION_POLL_INTERVAL_SECONDS: "600" }, { auth: "clerk" });
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const post = (route: string, body: string, headers: Record<string, string>) =>
    fetch(`${app.url}${route}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }).then(async (res) => ({ status: res.status, text: await res.text() }));

  it("refuses fal deliveries that are unsigned, signed by another key, tampered, stale or oversized", async () => {
    const payload = { request_id: "req-unknown", gateway_request_id: "req-unknown", status: "OK", payload: { video: { url: "https://v3.fal.media/files/x.mp4" } } };
    const good = fakes.fal.signWebhook(payload);
    const cases: [string, string, Record<string, string>][] = [
      ["unsigned", good.rawBody, {}],
      ["another key", good.rawBody, fakes.fal.signWebhook(payload, { privateKey: fakes.fal.strangerKey() }).headers],
      ["tampered", good.rawBody.replace("x.mp4", "y.mp4"), good.headers],
      ["stale", good.rawBody, fakes.fal.signWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 }).headers],
      ["oversized", JSON.stringify({ ...payload, padding: "x".repeat(5 * 1024 * 1024) }), good.headers],
    ];
    for (const [name, body, headers] of cases) {
      const res = await post("/api/webhooks/fal", body, headers);
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
    }
  });

  it("refuses Replicate deliveries that are unsigned, signed with another secret, tampered, stale or oversized", async () => {
    const payload = { id: "pred-unknown", status: "succeeded", output: ["https://replicate.delivery/x.png"] };
    const good = fakes.replicate.signWebhook(payload);
    const cases: [string, string, Record<string, string>][] = [
      ["unsigned", good.rawBody, {}],
      ["another secret", good.rawBody, fakes.replicate.signWebhook(payload, { secret: `whsec_${Buffer.from("not the secret at all!!").toString("base64")}` }).headers],
      ["tampered", good.rawBody.replace("x.png", "y.png"), good.headers],
      ["stale", good.rawBody, fakes.replicate.signWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 }).headers],
      ["oversized", JSON.stringify({ ...payload, padding: "x".repeat(5 * 1024 * 1024) }), good.headers],
    ];
    for (const [name, body, headers] of cases) {
      const res = await post("/api/webhooks/replicate", body, headers);
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
    }
  });

  it("applies a genuine provider delivery once, however often it is replayed", async () => {
    const user = await Client.signIn(app, email);
    const before = await balanceOf(user);
    const { body } = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "a storm" } });
    const done = await waitForFinish(user, body.generation.id, 20_000, 200);
    expect(done.status).toBe("succeeded");
    await fakes.fal.flushWebhooks();
    const delivery = fakes.fal.webhooks.find((w) => w.status === 200);
    expect(delivery, "the fake's own completion webhook").toBeDefined();
    // The same genuine delivery, signed afresh, ten times at once: one result, one charge.
    const requestId = (JSON.parse(delivery!.rawBody) as { request_id: string }).request_id;
    const signed = fakes.fal.signWebhook(delivery!.rawBody, { requestId });
    const replays = await Promise.all(Array.from({ length: 10 }, () => post("/api/webhooks/fal", signed.rawBody, signed.headers)));
    for (const r of replays) expect(r.status, r.text).toBeLessThan(500);
    const after = (await user.json(`/api/generations/${body.generation.id}`)).body.generation;
    expect(after).toMatchObject({ status: "succeeded", refunded: false, outputs: done.outputs });
    expect(await balanceOf(user)).toBe(before - 15);
  });

  it("refuses Lemon Squeezy deliveries that are unsigned, forged, tampered or oversized, and grants nothing for them", async () => {
    const user = await Client.signIn(app, email);
    const { body: me } = await user.json("/api/me");
    const before = me.balance as number;
    const subscription = subscriptionObject({ id: "990001", variantId: VARIANTS.pro, status: "active", updatedAt: "2026-11-23T10:00:00.000000Z", email });
    const body = webhookBody("subscription_created", subscription, me.id);
    const cases: [string, string, Record<string, string>][] = [
      ["unsigned", body, { "x-event-name": "subscription_created" }],
      ["forged", body, { "x-event-name": "subscription_created", "x-signature": signBody(body, "not-the-secret") }],
      ["tampered", body.replace('"active"', '"on_trial"'), { "x-event-name": "subscription_created", "x-signature": signBody(body, WEBHOOK_SECRET) }],
      ["oversized", `${body.slice(0, -1)},"padding":"${"x".repeat(3 * 1024 * 1024)}"}`, { "x-event-name": "subscription_created", "x-signature": signBody(body, WEBHOOK_SECRET) }],
    ];
    for (const [name, payload, headers] of cases) {
      const res = await post("/api/webhooks/lemon", payload, headers);
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
    }
    expect(await balanceOf(user)).toBe(before);
    expect((await user.json("/api/me")).body.plan).toBe(me.plan);
  });
});
