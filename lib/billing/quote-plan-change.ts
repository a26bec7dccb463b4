import "server-only";
import type { Db } from "@/lib/db/types";
import { quotePlanChange } from "@/lib/db/functions/billing";
import { PLANS, planRank, replenishTarget } from "@/lib/catalog";
import type { PaidPlan } from "./config";
import type { SubscriptionRow } from "@/lib/db/functions/credits";

export type PlanChange = {
  from: PaidPlan;
  to: PaidPlan;
  direction: "upgrade" | "downgrade";
  /** What Lemon Squeezy charges now: the price difference for the rest of the period (upgrades). */
  chargeNowCents: number;
  /** The credits the paid change adds, within the period's budget. */
  credits: number;
  renewsAt: string | null;
};

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * What a switch of `live` to `plan` means before the user confirms it: an upgrade is invoiced now
 * for the rest of the period (Lemon Squeezy prorates by time) and adds what is left of the new
 * plan's budget; a downgrade charges nothing now (the lower price starts at the next renewal)
 * and adds no credits.
 */
export async function quoteChange(db: Db, userId: string, live: SubscriptionRow, plan: PaidPlan, now = Date.now()): Promise<PlanChange> {
  const from = live.plan as PaidPlan;
  const upgrade = planRank(plan) > planRank(from);
  const quote = await quotePlanChange(db, { userId, subscriptionId: live.subscription_id, allowance: replenishTarget(plan) });
  const renews = quote?.renewsAt ? Date.parse(quote.renewsAt) : NaN;
  const starts = quote?.periodStart ? Date.parse(quote.periodStart) : renews - MONTH_MS;
  const length = Number.isFinite(renews - starts) && renews > starts ? renews - starts : MONTH_MS;
  const left = Number.isFinite(renews) ? Math.min(Math.max(renews - now, 0), length) : length;
  const difference = (PLANS[plan].priceUsdMonthly - PLANS[from].priceUsdMonthly) * 100;
  return {
    from,
    to: plan,
    direction: upgrade ? "upgrade" : "downgrade",
    chargeNowCents: upgrade ? Math.round((difference * left) / length) : 0,
    credits: upgrade ? (quote?.credits ?? 0) : 0,
    renewsAt: quote?.renewsAt ?? live.renews_at,
  };
}
