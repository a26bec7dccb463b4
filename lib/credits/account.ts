import type { Db } from "@/lib/db/types";
import { STARTER_CREDITS, type PlanId } from "@/lib/catalog";
import { effectivePlan, type SubscriptionState } from "@/lib/billing/effective-plan";
import { ApiError } from "@/lib/http/api-error";

export type UserRow = { id: string; email: string | null; name: string | null; created_at: string };

export type Account = {
  user: UserRow;
  plan: PlanId;
  balance: number;
  jobsInFlight: number;
  subscriptions: (SubscriptionState & Record<string, unknown>)[];
};

type ProvisionResult = { created: boolean; user: UserRow; balance: number };

/** Creates the user with the starter credits on first sight; later calls only refresh email/name. */
export function provisionUser(db: Db, input: { id: string; email?: string | null; name?: string | null }) {
  return db.rpc<ProvisionResult>("provision_user", {
    p_user_id: input.id,
    p_email: input.email ?? null,
    p_name: input.name ?? null,
    p_starter_credits: STARTER_CREDITS,
  });
}

type AccountRow = { user: UserRow; balance: number; jobs_in_flight: number; subscriptions: Account["subscriptions"] };

export async function getAccountOrThrow(db: Db, userId: string, now = new Date()): Promise<Account> {
  const row = await db.rpc<AccountRow | null>("get_account", { p_user_id: userId });
  if (!row) throw new ApiError("unauthenticated", "Your account could not be found. Sign in again.");
  return {
    user: row.user,
    plan: effectivePlan(row.subscriptions, now),
    balance: Number(row.balance),
    jobsInFlight: row.jobs_in_flight,
    subscriptions: row.subscriptions,
  };
}
