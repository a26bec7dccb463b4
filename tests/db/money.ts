import type { Db } from "../../lib/db/types";

export type ReserveResult = {
  code: string;
  generation?: { id: string; status: string; price: number; user_id: string };
  balance?: number;
  price?: number;
};

/** Calls reserve_generation with sensible defaults; tests override what they are about. */
export function reserve(db: Db, userId: string, overrides: Record<string, unknown> = {}) {
  return db.rpc<ReserveResult>("reserve_generation", {
    p_user_id: userId,
    p_kind: "image",
    p_model: "flux-schnell",
    p_provider: "replicate",
    p_prompt: "a lighthouse at dusk",
    p_params: { aspect: "1:1" },
    p_price: 5,
    p_max_in_flight: 1000,
    p_timeout_seconds: 180,
    ...overrides,
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
