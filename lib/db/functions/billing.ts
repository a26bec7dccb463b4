import type { Db } from "../types";

export type PlanChangeQuote = { balance: number; periodStart: string | null; renewsAt: string | null; credits: number };

/** What switching the subscription to a plan of `allowance` credits would add now, and the period's dates. */
export async function quotePlanChange(db: Db, input: { userId: string; subscriptionId: string; allowance: number }): Promise<PlanChangeQuote | null> {
  const r = await db.rpc<{ balance: number; period_start: string | null; renews_at: string | null; credits: number } | null>("quote_plan_change", {
    p_user_id: input.userId,
    p_subscription_id: input.subscriptionId,
    p_allowance: input.allowance,
  });
  if (!r) return null;
  return { balance: Number(r.balance), periodStart: r.period_start, renewsAt: r.renews_at, credits: Number(r.credits) };
}
