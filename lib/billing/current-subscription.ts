import type { Account } from "@/lib/credits/account";
import { isPlanId, planRank, type PlanId } from "@/lib/catalog";
import { isLive } from "./effective-plan";

export type StoredSubscription = {
  subscription_id: string;
  customer_id: string | null;
  order_id: string | null;
  variant_id: string | null;
  plan: PlanId;
  status: string;
  renews_at: string | null;
  ends_at: string | null;
  trial_ends_at: string | null;
  portal_url: string | null;
  source_updated_at: string;
};

/**
 * The subscription that speaks for the account: the highest plan that grants access now, else
 * the most recent one (get_account lists newest first). Null when there is none.
 */
export function currentSubscription(account: Pick<Account, "subscriptions">, now = new Date()): StoredSubscription | null {
  const all = account.subscriptions as unknown as StoredSubscription[];
  const live = all
    .filter((s) => isPlanId(s.plan) && isLive(s, now))
    .sort((a, b) => planRank(b.plan) - planRank(a.plan));
  return live[0] ?? all[0] ?? null;
}
