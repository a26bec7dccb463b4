import { PLAN_IDS, planRank, replenishTarget } from "@/lib/catalog";

/** The catalog's ranks and replenish targets, in the shape apply_lemon_event reads. */
export function planTable(): Record<string, { rank: number; credits: number }> {
  return Object.fromEntries(PLAN_IDS.map((p) => [p, { rank: planRank(p), credits: replenishTarget(p) }]));
}
