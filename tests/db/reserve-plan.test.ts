import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectivePlan } from "../../lib/credits/effective-plan";
import { planRules } from "../../lib/catalog";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { createUser, reserve } from "./money";

const HOUR = 3600_000;

// The reservation decides plan access in the same SQL step that moves the money, from the user's
// subscriptions; these hold it to SPEC section 1's access rules and section 4's order of refusals.
describe.each(backendFactories())("plan access decided by reserve_generation on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function subscribe(userId: string, plan: string, status: string, endsAt: Date | null = null) {
    await b.sql.query(
      `insert into user_subscriptions (subscription_id, user_id, plan, status, ends_at, source_updated_at)
       values ($1, $2, $3, $4, $5::text::timestamptz, now())`,
      [`sub_${userId}_${plan}_${status}`, userId, plan, status, endsAt?.toISOString() ?? null],
    );
  }
  const reserveAs = (userId: string, access: string, overrides: Record<string, unknown> = {}) =>
    reserve(b.db, userId, { access: access, plans: planRules(), ...overrides });
  const generationsOf = async (userId: string) =>
    (await b.sql.query<{ n: number }>("select count(*)::int as n from generations where user_id = $1", [userId]))[0].n;
  const ledgerRows = async (userId: string) =>
    (await b.sql.query<{ n: number }>("select count(*)::int as n from credit_ledger where user_id = $1", [userId]))[0].n;

  it("refuses a model above the plan with plan_required and the plan that unlocks it, writing nothing", async () => {
    const userId = uniqueUserId("plan-free");
    await createUser(b.db, userId, 100);
    expect(await reserveAs(userId, "premium")).toEqual({ code: "plan_required", plan: "free", requiredPlan: "growth" });
    expect(await reserveAs(userId, "pro")).toEqual({ code: "plan_required", plan: "free", requiredPlan: "pro" });
    expect(await generationsOf(userId)).toBe(0);
    expect(await ledgerRows(userId)).toBe(2);
    expect((await reserveAs(userId, "standard")).code).toBe("ok");
  });

  it("says plan_required before insufficient_credits, and before an idempotent replay", async () => {
    const userId = uniqueUserId("plan-broke");
    await createUser(b.db, userId, 0);
    expect((await reserveAs(userId, "premium", { price: 15 })).code).toBe("plan_required");
    expect((await reserveAs(userId, "premium", { price: 15, idempotencyKey: "k1", requestHash: "h" })).code).toBe("plan_required");
    expect((await reserveAs(userId, "standard", { price: 15 })).code).toBe("insufficient_credits");
  });

  it("opens premium to growth and pro to pro, with each plan's jobs in flight", async () => {
    const growth = uniqueUserId("plan-growth");
    await createUser(b.db, growth, 1000);
    await subscribe(growth, "growth", "active");
    expect((await reserveAs(growth, "premium")).code).toBe("ok");
    expect((await reserveAs(growth, "pro")).code).toBe("plan_required");
    expect((await reserveAs(growth, "premium")).code).toBe("ok");
    expect((await reserveAs(growth, "premium")).code).toBe("ok");
    expect(await reserveAs(growth, "premium")).toMatchObject({ code: "too_many_jobs", limit: 3, inFlight: 3 });

    const pro = uniqueUserId("plan-pro");
    await createUser(b.db, pro, 1000);
    await subscribe(pro, "growth", "active");
    await subscribe(pro, "pro", "on_trial");
    const first = await reserveAs(pro, "pro");
    expect(first).toMatchObject({ code: "ok", plan: "pro" });
    for (let i = 1; i < 5; i++) expect((await reserveAs(pro, "pro")).code).toBe("ok");
    expect(await reserveAs(pro, "standard")).toMatchObject({ code: "too_many_jobs", limit: 5 });
  });

  it("grants access while active, on trial, past due, or cancelled before its end, as the pages' rule does", async () => {
    const now = Date.now();
    const cases: [string, Date | null][] = [
      ["active", null],
      ["on_trial", null],
      ["past_due", null],
      ["cancelled", new Date(now + 48 * HOUR)],
      ["cancelled", new Date(now - HOUR)],
      ["cancelled", null],
      ["expired", null],
      ["unpaid", null],
      ["paused", null],
    ];
    for (const [status, endsAt] of cases) {
      const userId = uniqueUserId(`plan-${status}`);
      await createUser(b.db, userId, 100);
      await subscribe(userId, "pro", status, endsAt);
      const expected = effectivePlan([{ plan: "pro", status, ends_at: endsAt?.toISOString() ?? null }]);
      const result = await reserveAs(userId, "pro");
      expect(result.code === "ok" ? "pro" : (result as { plan?: string }).plan, `${status} ${endsAt?.toISOString()}`).toBe(expected);
    }
  });
});
