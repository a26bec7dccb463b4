import type { Db } from "@/lib/db/types";
import { getAccount, provisionUser as provisionUserRow, type SubscriptionRow, type UserRow } from "@/lib/db/functions/credits";
import { STARTER_CREDITS, type PlanId } from "@/lib/catalog";
import { effectivePlan } from "@/lib/credits/effective-plan";
import { ApiError } from "@/lib/http/api-error";

export type { UserRow } from "@/lib/db/functions/credits";

export type Account = {
  user: UserRow;
  plan: PlanId;
  balance: number;
  jobsInFlight: number;
  subscriptions: SubscriptionRow[];
};

/** Creates the user with the starter credits on first sight; later calls only refresh email/name. */
export function provisionUser(db: Db, input: { id: string; email?: string | null; name?: string | null }) {
  return provisionUserRow(db, { userId: input.id, email: input.email, name: input.name, starterCredits: STARTER_CREDITS });
}

export async function getAccountOrThrow(db: Db, userId: string, now = new Date()): Promise<Account> {
  const row = await getAccount(db, userId);
  if (!row) throw new ApiError("unauthenticated", "Your account could not be found. Sign in again.");
  return { ...row, plan: effectivePlan(row.subscriptions, now) };
}
