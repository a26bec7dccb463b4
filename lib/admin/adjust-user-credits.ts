import "server-only";
import type { Db } from "@/lib/db/types";
import { adminAdjustCredits } from "@/lib/db/functions/admin";
import { ApiError } from "@/lib/http/api-error";
import type { AdjustCreditsRequest } from "./schema";

export type AdjustedCredits = { userId: string; delta: number; balance: number; ref: string };

/**
 * An admin's correction of a user's balance: one SQL call that adjusts through the audited credit
 * path and writes the audit row, or refuses and changes nothing.
 */
export async function adjustUserCredits(db: Db, adminId: string, userId: string, input: AdjustCreditsRequest): Promise<AdjustedCredits> {
  const result = await adminAdjustCredits(db, { adminId, userId, delta: input.delta, reason: input.reason });
  switch (result.code) {
    case "ok":
      return { userId, delta: input.delta, balance: result.balance, ref: result.ref };
    case "insufficient_credits":
      throw new ApiError("conflict", `The balance is ${result.balance}; taking ${result.price} would put it below zero.`, {
        balance: result.balance,
      });
    case "unknown_user":
      throw new ApiError("not_found", "No such user.");
    case "reason_required":
    case "invalid_request":
      throw new ApiError("invalid_request", result.message);
  }
}
