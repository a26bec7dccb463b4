import { planRank, type PlanId, isPlanId } from "@/lib/catalog";

/** What the access rule reads of a subscription. */
export type AccessFacts = { plan: string; status: string; ends_at: string | null };

const GRANTING = new Set(["active", "on_trial", "past_due"]);

/** Whether a subscription still gives its plan's access (SPEC section 1). */
export function grantsAccess(s: AccessFacts, now = new Date()): boolean {
  if (GRANTING.has(s.status)) return true;
  if (s.status === "cancelled") return s.ends_at !== null && new Date(s.ends_at) > now;
  return false;
}

/** Whether a subscription gives a paid plan's access now: what makes it the live one. */
export function isLive(s: AccessFacts, now = new Date()): boolean {
  return s.plan !== "free" && grantsAccess(s, now);
}

/** The highest plan any of a user's subscriptions grants today; free when none does. */
export function effectivePlan(subscriptions: readonly AccessFacts[], now = new Date()): PlanId {
  let plan: PlanId = "free";
  for (const s of subscriptions) {
    if (isPlanId(s.plan) && grantsAccess(s, now) && planRank(s.plan) > planRank(plan)) plan = s.plan;
  }
  return plan;
}
