import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { invoiceObject, orderObject, signBody, subscriptionObject, VARIANTS, webhookBody, type SubscriptionFixture } from "../fakes/lemonsqueezy-payloads";
import { at, LEMON_ENV, lemonId, WEBHOOK_SECRET } from "./lemon-test-kit";
import { receiveLemonWebhook } from "@/lib/billing/webhooks/receive-lemon-webhook";
import { replayWebhookEvents } from "@/lib/billing/webhooks/replay-webhook-events";
import { getAccountOrThrow } from "@/lib/credits/account";
import { ApiError } from "@/lib/http/api-error";
import { recordWebhookEvent } from "@/lib/db/functions/billing";
import { adjustCredits, provisionUser } from "@/lib/db/functions/credits";
import { migrate } from "@/lib/db/migrations";
import { openPglite } from "@/lib/db/pglite";
import type { Db } from "@/lib/db/types";

Object.assign(process.env, LEMON_ENV);
delete process.env.LEMON_SQUEEZY_API_KEY;

const ROOT = path.resolve(__dirname, "../..");

function send(db: Db, eventName: string, data: unknown, userId: string | null) {
  const body = webhookBody(eventName, data, userId);
  return receiveLemonWebhook(db, body, signBody(body, WEBHOOK_SECRET));
}

const sub = (s: Partial<SubscriptionFixture> & { id: string; updatedAt: string }) =>
  subscriptionObject({ variantId: VARIANTS.pro, status: "active", ...s });

describe.each(backendFactories())("Lemon Squeezy events on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function newUser() {
    const id = uniqueUserId("buyer");
    await provisionUser(b.db, { userId: id, email: `${id}@example.com`, starterCredits: 15 });
    return id;
  }
  const ledgerOf = (userId: string) =>
    b.sql.query<{ delta: number; reason: string; ref: string }>(
      "select delta, reason, ref from credit_ledger where user_id = $1 order by id",
      [userId],
    );
  const eventsLike = (pattern: string) =>
    b.sql.query<{ id: number; status: string; error: string | null; user_id: string | null }>(
      "select id, status, error, user_id from webhook_events where dedupe_key like $1 order by id",
      [pattern],
    );

  it("refuses forged, missing and truncated signatures with 401 and stores nothing", async () => {
    const userId = await newUser();
    const subId = lemonId();
    const body = webhookBody("subscription_created", sub({ id: subId, updatedAt: at(0) }), userId);
    const good = signBody(body, WEBHOOK_SECRET);
    const attempts = [
      signBody(body, "not-the-secret"),
      null,
      "",
      good.slice(0, 32),
      good.slice(0, 63),
      `${good}00`,
      good.replace(/^./, (c) => (c === "a" ? "b" : "a")),
      signBody(body.replace(userId, "someone_else"), WEBHOOK_SECRET),
    ];
    for (const signature of attempts) {
      const error = await receiveLemonWebhook(b.db, body, signature).catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
    }
    expect(await eventsLike(`%:${subId}:%`)).toHaveLength(0);
    const receipt = await receiveLemonWebhook(b.db, body, good);
    expect(receipt).toMatchObject({ status: "processed", duplicate: false });
  });

  it("replenishes once when the same payment arrives three times in parallel", async () => {
    const userId = await newUser();
    const subId = lemonId();
    const invoiceId = lemonId();
    await send(b.db, "subscription_created", sub({ id: subId, updatedAt: at(0) }), userId);
    const body = webhookBody("subscription_payment_success", invoiceObject({ id: invoiceId, subscriptionId: subId }), userId);
    const receipts = await Promise.all([1, 2, 3].map(() => receiveLemonWebhook(b.db, body, signBody(body, WEBHOOK_SECRET))));
    expect(receipts.filter((r) => r.status === "processed")).toHaveLength(1);
    expect(receipts.filter((r) => r.duplicate)).toHaveLength(2);
    const grants = (await ledgerOf(userId)).filter((l) => l.reason === "plan_grant");
    expect(grants).toEqual([{ delta: 985, reason: "plan_grant", ref: `lemon:invoice:${invoiceId}` }]);
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(1000);
  });

  it("grants a payment without custom data to the subscription's stored owner", async () => {
    const userId = await newUser();
    const subId = lemonId();
    await send(b.db, "subscription_created", sub({ id: subId, variantId: VARIANTS.growth, updatedAt: at(0) }), userId);
    const receipt = await send(b.db, "subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: subId }), null);
    expect(receipt).toMatchObject({ status: "processed", user_id: userId });
    expect(await getAccountOrThrow(b.db, userId)).toMatchObject({ plan: "growth", balance: 200 });
  });

  it("keeps subscription_updated when subscription_created arrives after it", async () => {
    const userId = await newUser();
    const subId = lemonId();
    const updated = await send(b.db, "subscription_updated", sub({ id: subId, status: "active", renewsAt: at(60), updatedAt: at(2) }), userId);
    expect(updated.status).toBe("processed");
    const created = await send(b.db, "subscription_created", sub({ id: subId, status: "on_trial", renewsAt: at(30), updatedAt: at(0) }), userId);
    expect(created.status).toBe("stale");
    const [row] = await b.sql.query<{ status: string; renews_at: Date }>(
      "select status, renews_at from user_subscriptions where subscription_id = $1",
      [subId],
    );
    expect(row.status).toBe("active");
    expect(new Date(row.renews_at).toISOString()).toBe(new Date(at(60)).toISOString());
    const events = await eventsLike(`subscription_created:subscriptions:${subId}:%`);
    expect(events.map((e) => e.status)).toEqual(["ignored"]);
  });

  it("ignores an older updated_at after a newer one", async () => {
    const userId = await newUser();
    const subId = lemonId();
    await send(b.db, "subscription_created", sub({ id: subId, updatedAt: at(0) }), userId);
    await send(b.db, "subscription_cancelled", sub({ id: subId, status: "cancelled", endsAt: at(60 * 24 * 30), updatedAt: at(10) }), userId);
    const late = await send(b.db, "subscription_resumed", sub({ id: subId, status: "active", updatedAt: at(5) }), userId);
    expect(late.status).toBe("stale");
    const [row] = await b.sql.query<{ status: string }>("select status from user_subscriptions where subscription_id = $1", [subId]);
    expect(row.status).toBe("cancelled");
  });

  it("takes premium access away on expiry and keeps the credits", async () => {
    const userId = await newUser();
    const subId = lemonId();
    await send(b.db, "subscription_created", sub({ id: subId, variantId: VARIANTS.growth, updatedAt: at(0) }), userId);
    await send(b.db, "subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: subId }), userId);
    expect((await getAccountOrThrow(b.db, userId)).plan).toBe("growth");
    await send(b.db, "subscription_expired", sub({ id: subId, variantId: VARIANTS.growth, status: "expired", endsAt: at(5), updatedAt: at(5) }), userId);
    expect(await getAccountOrThrow(b.db, userId)).toMatchObject({ plan: "free", balance: 200 });
  });

  it("grants nothing for a plan change alone, and the rest of the pro budget once its prorated invoice is paid", async () => {
    const userId = await newUser();
    const subId = lemonId();
    await send(b.db, "subscription_created", sub({ id: subId, variantId: VARIANTS.growth, updatedAt: at(0) }), userId);
    await send(b.db, "subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId: subId, total: 2900, createdAt: at(0) }), userId);
    await adjustCredits(b.db, { userId, delta: -150, reason: "spent in test" });
    const upgrade = sub({ id: subId, variantId: VARIANTS.pro, updatedAt: at(20) });
    const first = await send(b.db, "subscription_updated", upgrade, userId);
    expect(first.status).toBe("processed");
    // The plan is pro now; credits wait for the payment.
    expect(await getAccountOrThrow(b.db, userId)).toMatchObject({ plan: "pro", balance: 50 });
    const again = await send(b.db, "subscription_updated", upgrade, userId);
    expect(again.duplicate).toBe(true);
    const prorated = invoiceObject({ id: lemonId(), subscriptionId: subId, billingReason: "updated", total: 2000, createdAt: at(20) });
    await send(b.db, "subscription_payment_success", prorated, userId);
    await send(b.db, "subscription_payment_recovered", prorated, userId);
    expect(await getAccountOrThrow(b.db, userId)).toMatchObject({ plan: "pro", balance: 850 });
    const grants = (await ledgerOf(userId)).filter((l) => l.reason === "plan_grant");
    expect(grants.map((g) => g.delta)).toEqual([185, 800]);
  });

  it("stores and flags events for an unknown user and answers without error", async () => {
    const subId = lemonId();
    const receipt = await send(b.db, "subscription_created", sub({ id: subId, updatedAt: at(0) }), "nobody_we_know");
    expect(receipt.status).toBe("unknown_user");
    const events = await eventsLike(`subscription_created:subscriptions:${subId}:%`);
    expect(events).toMatchObject([{ status: "unknown_user", user_id: "nobody_we_know" }]);
    expect(await b.sql.query("select 1 from user_subscriptions where subscription_id = $1", [subId])).toHaveLength(0);
  });

  it("answers 500 and keeps the event with its error when it cannot be applied, then replays it", async () => {
    const userId = await newUser();
    const subId = lemonId();
    const invoiceId = lemonId();
    const payment = invoiceObject({ id: invoiceId, subscriptionId: subId });
    const error = await send(b.db, "subscription_payment_success", payment, userId).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    const [failed] = await eventsLike(`subscription_payment_success:invoice:${invoiceId}`);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/not known yet/);

    await send(b.db, "subscription_created", sub({ id: subId, updatedAt: at(0) }), userId);
    const replayed = await replayWebhookEvents(b.db, { ids: [failed.id] });
    expect(replayed.map((r) => r.result.code)).toEqual(["processed"]);
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(1000);
    const [after] = await eventsLike(`subscription_payment_success:invoice:${invoiceId}`);
    expect(after).toMatchObject({ status: "processed", error: null });

    const again = await replayWebhookEvents(b.db, { ids: [failed.id] });
    expect(again.map((r) => r.result.code)).toEqual(["processed"]);
    expect((await ledgerOf(userId)).filter((l) => l.reason === "plan_grant")).toHaveLength(1);
  });

  it("replays an event whose process died between storing and applying it", async () => {
    const userId = await newUser();
    const subId = lemonId();
    const payload = JSON.parse(webhookBody("subscription_created", sub({ id: subId, variantId: VARIANTS.growth, updatedAt: at(0) }), userId));
    const stored = await recordWebhookEvent(b.db, {
      source: "lemonsqueezy",
      eventName: "subscription_created",
      dedupeKey: `subscription_created:subscriptions:${subId}:${at(0)}`,
      payload,
    });
    const replayed = await replayWebhookEvents(b.db, { failed: true });
    expect(replayed.find((r) => r.id === stored.id)).toMatchObject({ before: "received", result: { code: "processed" } });
    expect((await getAccountOrThrow(b.db, userId)).plan).toBe("growth");
  });

  it("takes back only unspent credits on a refund and records the rest, once for the order and the invoice", async () => {
    const userId = await newUser();
    const subId = lemonId();
    const orderId = lemonId();
    const invoiceId = lemonId();
    await send(b.db, "subscription_created", sub({ id: subId, orderId: Number(orderId), updatedAt: at(0) }), userId);
    await send(b.db, "subscription_payment_success", invoiceObject({ id: invoiceId, subscriptionId: subId }), userId);
    await adjustCredits(b.db, { userId, delta: -900, reason: "spent in test" });

    const refund = await send(
      b.db,
      "subscription_payment_refunded",
      invoiceObject({ id: invoiceId, subscriptionId: subId, status: "refunded", refundedAmount: 5900, updatedAt: at(30) }),
      userId,
    );
    expect(refund.status).toBe("processed");
    const account = await getAccountOrThrow(b.db, userId);
    expect(account.balance).toBe(0);
    const [clawback] = await b.sql.query<{ requested: number; taken: number; unrecovered: number }>(
      "select requested, taken, unrecovered from credit_clawbacks where user_id = $1",
      [userId],
    );
    expect(clawback).toEqual({ requested: 985, taken: 100, unrecovered: 885 });

    const order = await send(b.db, "order_refunded", orderObject({ id: orderId, variantId: VARIANTS.pro, refundedAmount: 5900, updatedAt: at(31) }), userId);
    expect(order.status).toBe("processed");
    const ledger = await ledgerOf(userId);
    expect(ledger.filter((l) => l.reason === "refund_clawback")).toEqual([
      { delta: -100, reason: "refund_clawback", ref: expect.stringContaining(invoiceId) },
    ]);
  });

  it("stores events it does not handle and ignores them", async () => {
    const receipt = await send(b.db, "license_key_created", { type: "license-keys", id: lemonId(), attributes: { updated_at: at(0) } }, null);
    expect(receipt.status).toBe("ignored");
  });
});

describe("npm run webhooks:replay", () => {
  function runReplay(env: Record<string, string>, ...args: string[]) {
    return spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/webhooks-replay.ts", ...args], {
      cwd: ROOT,
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, ...LEMON_ENV, ...env },
      encoding: "utf8",
    });
  }

  it("re-applies failed events from the command line", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-replay-"));
    const userId = uniqueUserId("replay");
    const subId = lemonId();
    const invoiceId = lemonId();
    let db = await openPglite(path.join(dataDir, "pglite"));
    await migrate(db);
    await provisionUser(db, { userId, email: "r@example.com", starterCredits: 15 });
    await send(db, "subscription_payment_success", invoiceObject({ id: invoiceId, subscriptionId: subId }), userId).catch(() => {});
    await send(db, "subscription_created", sub({ id: subId, variantId: VARIANTS.growth, updatedAt: at(0) }), userId);
    await db.close();

    const run = runReplay({ DATA_DIR: dataDir }, "--failed");
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/subscription_payment_success \(failed\) -> processed/);

    db = await openPglite(path.join(dataDir, "pglite"));
    expect((await getAccountOrThrow(db, userId)).balance).toBe(200);
    await db.close();
  });

  it("says how to use it when given nothing to replay", () => {
    const run = runReplay({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "nexora-replay-")) });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/usage/);
  });
});
