import { planRules } from "../../lib/catalog";
import { adjustCredits, provisionUser, reserveGeneration, type ReserveInput, type ReserveResult } from "../../lib/db/functions/credits";
import type { GenerationRow } from "../../lib/db/functions/generations";
import type { Db } from "../../lib/db/types";

/** The catalog's plan table with every plan's jobs in flight set to `limit`, for tests about that limit. */
export function plansWithJobsInFlight(limit: number) {
  return Object.fromEntries(Object.entries(planRules()).map(([id, rule]) => [id, { ...rule, jobs_in_flight: limit }]));
}

/**
 * Calls reserve_generation with sensible defaults; tests override what they are about. A standard
 * model, so any plan may run it; `maxInFlight` sets every plan's jobs-in-flight limit.
 */
export function reserve(
  db: Db,
  userId: string,
  overrides: Partial<ReserveInput> & { maxInFlight?: number } = {},
): Promise<ReserveResult & Partial<{ generation: GenerationRow; balance: number }>> {
  const { maxInFlight = 1000, ...rest } = overrides;
  return reserveGeneration(db, {
    userId,
    kind: "image",
    model: "flux-schnell",
    provider: "replicate",
    prompt: "a lighthouse at dusk",
    params: { aspect: "1:1" },
    price: 5,
    access: "standard",
    plans: plansWithJobsInFlight(maxInFlight),
    timeoutSeconds: 180,
    ...rest,
  });
}

/** Gives a fresh user exactly `balance` credits: the starter grant plus an adjustment. */
export async function createUser(db: Db, userId: string, balance = 15) {
  await provisionUser(db, { userId, email: `${userId}@example.com`, starterCredits: 15 });
  if (balance !== 15) {
    const result = await adjustCredits(db, { userId, delta: balance - 15, reason: "test setup" });
    if (result.code !== "ok") throw new Error(`could not set up ${userId}: ${JSON.stringify(result)}`);
  }
}
