import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveLemonWebhook } from "@/lib/billing/webhooks/receive-lemon-webhook";
import { replayWebhookEvents } from "@/lib/billing/webhooks/replay-webhook-events";
import { getAccountOrThrow } from "@/lib/credits/account";
import { adjustCredits, provisionUser } from "@/lib/db/functions/credits";
import type { Db } from "@/lib/db/types";
import { invoiceObject, signBody, subscriptionObject, VARIANTS, webhookBody } from "../fakes/lemonsqueezy-payloads";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { at, LEMON_ENV, lemonId, WEBHOOK_SECRET } from "./lemon-test-kit";

Object.assign(process.env, LEMON_ENV);
delete process.env.LEMON_SQUEEZY_API_KEY;

type Event = { name: string; data: unknown };

/** Delivers one event as Lemon Squeezy would; a failure (answered 500) is kept for a retry. */
async function deliver(db: Db, userId: string, event: Event) {
  const body = webhookBody(event.name, event.data, userId);
  return receiveLemonWebhook(db, body, signBody(body, WEBHOOK_SECRET)).then(
    () => "ok" as const,
    () => "failed" as const,
  );
}

const subscription = (id: string, plan: "growth" | "pro", minutes: number, renewsAt = at(30 * 24 * 60)) =>
  ({ name: "subscription_updated", data: subscriptionObject({ id, variantId: VARIANTS[plan], status: "active", updatedAt: at(minutes), renewsAt }) });
const payment = (subscriptionId: string, reason: "initial" | "renewal" | "updated", total: number, minutes: number, id = lemonId()) =>
  ({ name: "subscription_payment_success", data: invoiceObject({ id, subscriptionId, billingReason: reason, total, createdAt: at(minutes) }) });

describe.each(backendFactories())("per-period credit budgets on $name", ({ open }) => {
  let b: Backend;
  /**
   * Lemon Squeezy's retry of this user's failed events (and an operator's replay of them). The
   * database is shared with other test files, so only this user's events are replayed.
   */
  async function retryFailed(userId: string) {
    const rows = await b.sql.query<{ id: number }>(
      "select id from webhook_events where status in ('failed', 'received') and payload #>> '{meta,custom_data,user_id}' = $1 order by id",
      [userId],
    );
    if (rows.length) await replayWebhookEvents(b.db, { ids: rows.map((r) => Number(r.id)) });
  }
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function newUser() {
    const id = uniqueUserId("period");
    await provisionUser(b.db, { userId: id, email: `${id}@example.com`, starterCredits: 15 });
    return id;
  }
  const ledger = (userId: string) =>
    b.sql.query<{ reason: string; ref: string; delta: number }>("select reason, ref, delta from credit_ledger where user_id = $1 order by id", [userId]);
  const granted = async (userId: string) => (await ledger(userId)).filter((l) => l.reason === "plan_grant").reduce((sum, l) => sum + l.delta, 0);

  async function subscribeGrowth(userId: string) {
    const subId = lemonId();
    expect(await deliver(b.db, userId, { ...subscription(subId, "growth", 0), name: "subscription_created" })).toBe("ok");
    expect(await deliver(b.db, userId, payment(subId, "initial", 2900, 0))).toBe("ok");
    return subId;
  }

  it("(a) ten pro/growth round trips in one period grant at most the pro budget in total", async () => {
    const userId = await newUser();
    const subId = await subscribeGrowth(userId);
    for (let trip = 0; trip < 10; trip++) {
      const minute = 60 + trip * 10;
      expect(await deliver(b.db, userId, subscription(subId, "pro", minute))).toBe("ok");
      expect(await deliver(b.db, userId, payment(subId, "updated", 3000 - trip * 100, minute))).toBe("ok");
      expect(await deliver(b.db, userId, subscription(subId, "growth", minute + 5))).toBe("ok");
    }
    expect(await granted(userId)).toBe(1000 - 15);
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(1000);
  });

  it("(b) growth -> pro mid-period with 50 left grants 800, balance 850", async () => {
    const userId = await newUser();
    const subId = await subscribeGrowth(userId);
    expect(await adjustCredits(b.db, { userId, delta: -150, reason: "spent in test" })).toMatchObject({ code: "ok", balance: 50 });
    expect(await deliver(b.db, userId, subscription(subId, "pro", 600))).toBe("ok");
    expect(await deliver(b.db, userId, payment(subId, "updated", 2000, 600))).toBe("ok");
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(850);
    expect((await ledger(userId)).filter((l) => l.reason === "plan_grant").map((l) => l.delta)).toEqual([185, 800]);
  });

  it("(c) a renewal invoice starts a new period and replenishes to the plan", async () => {
    const userId = await newUser();
    const subId = await subscribeGrowth(userId);
    await adjustCredits(b.db, { userId, delta: -150, reason: "spent in test" });
    await deliver(b.db, userId, subscription(subId, "pro", 600));
    await deliver(b.db, userId, payment(subId, "updated", 2000, 600));
    expect(await adjustCredits(b.db, { userId, delta: -700, reason: "spent in test" })).toMatchObject({ balance: 150 });
    // The same period: a further switch down and up buys nothing more.
    await deliver(b.db, userId, subscription(subId, "growth", 700));
    await deliver(b.db, userId, subscription(subId, "pro", 710));
    await deliver(b.db, userId, payment(subId, "updated", 1500, 710));
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(150);
    // A month on, the renewal opens a new period: replenished to 1000.
    const month = 30 * 24 * 60;
    await deliver(b.db, userId, subscription(subId, "pro", month, at(2 * month)));
    expect(await deliver(b.db, userId, payment(subId, "renewal", 5900, month))).toBe("ok");
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(1000);
    const [periods] = await b.sql.query<{ n: number }>("select count(*)::int as n from billing_periods where subscription_id = $1", [subId]);
    expect(periods.n).toBe(2);
  });

  it("keeps a prorated invoice that comes before its plan change, and grants it once the change arrives", async () => {
    const userId = await newUser();
    const subId = await subscribeGrowth(userId);
    expect(await deliver(b.db, userId, payment(subId, "updated", 2000, 600))).toBe("failed");
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(200);
    expect(await deliver(b.db, userId, subscription(subId, "pro", 600))).toBe("ok");
    await retryFailed(userId);
    expect((await getAccountOrThrow(b.db, userId)).balance).toBe(1000);
  });

  it("(d) for random orders, duplicates and replays of one event sequence, ends with the same balance and ledger, never past what was paid", async () => {
    // One subscription's life: bursts of events that happen at the same moment, in time order.
    function lifeOf(subId: string) {
      const month = 30 * 24 * 60;
      const upgrade = payment(subId, "updated", 2000, 100, `${subId}1`);
      return [
        [{ ...subscription(subId, "growth", 0), name: "subscription_created" }, payment(subId, "initial", 2900, 0, `${subId}0`)],
        [subscription(subId, "pro", 100), upgrade],
        [subscription(subId, "growth", 200)],
        [subscription(subId, "pro", 300), payment(subId, "updated", 1800, 300, `${subId}2`)],
        [{ name: "subscription_payment_refunded", data: invoiceObject({ id: `${subId}1`, subscriptionId: subId, billingReason: "updated", total: 2000, refundedAmount: 2000, createdAt: at(100), updatedAt: at(400) }) }],
        [subscription(subId, "pro", month, at(2 * month)), payment(subId, "renewal", 5900, month, `${subId}3`)],
      ] as Event[][];
    }
    // What the payments bought: two periods of at most the pro allowance each.
    const paidFor = 2 * 1000;

    async function run(order: { shuffles: number[][]; duplicates: (number | undefined)[]; replays: boolean[] }) {
      const userId = await newUser();
      const subId = lemonId();
      const bursts = lifeOf(subId);
      const delivered: Event[] = [];
      for (const [i, burst] of bursts.entries()) {
        const shuffled = [...burst].sort((x, y) => (order.shuffles[i]?.[burst.indexOf(x)] ?? 0) - (order.shuffles[i]?.[burst.indexOf(y)] ?? 0));
        for (const event of shuffled) {
          await deliver(b.db, userId, event);
          delivered.push(event);
          // A resend of something already delivered, at any point.
          const dup = order.duplicates[delivered.length - 1];
          if (dup !== undefined) await deliver(b.db, userId, delivered[dup % delivered.length]);
        }
        // Lemon Squeezy retries what failed, seconds later; sometimes an operator replays it all.
        await retryFailed(userId);
        if (order.replays[i]) await retryFailed(userId);
      }
      const account = await getAccountOrThrow(b.db, userId);
      const rows = (await ledger(userId)).map((l) => `${l.reason}:${l.ref.replace(subId, "S")}:${l.delta}`).sort();
      expect(await granted(userId)).toBeLessThanOrEqual(paidFor);
      const sum = (await ledger(userId)).reduce((s, l) => s + l.delta, 0);
      expect(sum).toBe(account.balance);
      return { balance: account.balance, rows };
    }

    const reference = await run({ shuffles: [], duplicates: [], replays: [] });
    expect(reference.balance).toBe(1000);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          shuffles: fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 2 }), { minLength: 6, maxLength: 6 }),
          duplicates: fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), { maxLength: 10 }),
          replays: fc.array(fc.boolean(), { maxLength: 6 }),
        }),
        async (order) => {
          const result = await run(order);
          expect(result.balance).toBe(reference.balance);
          expect(result.rows.map((r) => r.replace(/:lemon:invoice-refund:[^:]+/, ":refund"))).toEqual(
            reference.rows.map((r) => r.replace(/:lemon:invoice-refund:[^:]+/, ":refund")),
          );
        },
      ),
      { numRuns: b.name === "supabase-js" ? 6 : 12 },
    );
  });
});

describe.each(backendFactories())("subscription state ordering on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it("keeps the newer of two states a microsecond apart, whichever arrives last", async () => {
    const userId = uniqueUserId("order");
    await provisionUser(b.db, { userId, email: `${userId}@example.com`, starterCredits: 15 });
    const subId = lemonId();
    const state = (plan: "growth" | "pro", updatedAt: string, name = "subscription_updated") =>
      ({ name, data: subscriptionObject({ id: subId, variantId: VARIANTS[plan], status: "active", updatedAt }) });
    expect(await deliver(b.db, userId, state("growth", "2026-11-23T10:00:00.000000Z", "subscription_created"))).toBe("ok");
    // The newer state first, then one a microsecond older: the older must not win.
    expect(await deliver(b.db, userId, state("pro", "2026-11-23T10:00:00.000002Z"))).toBe("ok");
    expect(await deliver(b.db, userId, state("growth", "2026-11-23T10:00:00.000001Z"))).toBe("ok");
    const [row] = await b.sql.query<{ plan: string; at: string }>(
      "select plan, to_char(source_updated_at at time zone 'UTC', 'HH24:MI:SS.US') as at from user_subscriptions where subscription_id = $1",
      [subId],
    );
    expect(row).toEqual({ plan: "pro", at: "10:00:00.000002" });
  });
});
