import type { Account } from "@/lib/credits/account";
import { isPlanId, planRank } from "@/lib/catalog";
import type { SubscriptionRow } from "@/lib/db/functions/credits";
import { isLive } from "../credits/effective-plan";


/**
 * The subscription that speaks for the account: the highest plan that grants access now, else
 * the most recent one (get_account lists newest first). Null when there is none.
 */
export function currentSubscription(account: Pick<Account, "subscriptions">, now = new Date()): SubscriptionRow | null {
  const all = account.subscriptions;
  const live = all
    .filter((s) => isPlanId(s.plan) && isLive(s, now))
    .sort((a, b) => planRank(b.plan) - planRank(a.plan));
  return live[0] ?? all[0] ?? null;
}
