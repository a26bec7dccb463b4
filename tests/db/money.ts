import { planRules } from "../../lib/catalog";
import type { Db } from "../../lib/db/types";

export type ReserveResult = {
  code: string;
  generation?: { id: string; status: string; price: number; user_id: string };
  balance?: number;
  price?: number;
};

/** The catalog's plan table with every plan's jobs in flight set to `limit`, for tests about that limit. */
export function plansWithJobsInFlight(limit: number) {
  return Object.fromEntries(Object.entries(planRules()).map(([id, rule]) => [id, { ...rule, jobs_in_flight: limit }]));
}

/**
 * Calls reserve_generation with sensible defaults; tests override what they are about. A standard
 * model, so any plan may run it; `p_max_in_flight` sets every plan's jobs-in-flight limit.
 */
export function reserve(db: Db, userId: string, overrides: Record<string, unknown> = {}) {
  const { p_max_in_flight: limit = 1000, ...rest } = overrides;
  return db.rpc<ReserveResult>("reserve_generation", {
    p_user_id: userId,
    p_kind: "image",
    p_model: "flux-schnell",
    p_provider: "replicate",
    p_prompt: "a lighthouse at dusk",
    p_params: { aspect: "1:1" },
    p_price: 5,
    p_access: "standard",
    p_plans: plansWithJobsInFlight(Number(limit)),
    p_timeout_seconds: 180,
    ...rest,
  });
}

/** Gives a fresh user exactly `balance` credits: the starter grant plus an adjustment. */
export async function createUser(db: Db, userId: string, balance = 15) {
  await db.rpc("provision_user", { p_user_id: userId, p_email: `${userId}@example.com`, p_starter_credits: 15 });
  if (balance !== 15) {
    const result = await db.rpc<{ code: string }>("adjust_credits", {
      p_user_id: userId,
      p_delta: balance - 15,
      p_reason: "test setup",
    });
    if (result.code !== "ok") throw new Error(`could not set up ${userId}: ${JSON.stringify(result)}`);
  }
}
