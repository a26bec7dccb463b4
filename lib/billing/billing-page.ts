import "server-only";
import { getDb } from "@/lib/db";
import { requirePageUser } from "@/lib/auth/page-user";
import { checkoutMode, type CheckoutMode } from "./config";
import { currentSubscription, type StoredSubscription } from "./current-subscription";
import { isLive } from "./effective-plan";

export type LedgerRow = {
  id: number;
  delta: number;
  balance_after: number;
  reason: string;
  ref: string;
  note: string | null;
  created_at: string;
};

export type BillingPageData = Awaited<ReturnType<typeof requirePageUser>> & {
  subscription: (StoredSubscription & { live: boolean }) | null;
  ledger: LedgerRow[];
  mode: CheckoutMode;
};

/** Everything the billing pages show, read on the server for the signed-in user. */
export async function getBillingPage(returnTo: string, ledgerRows = 25): Promise<BillingPageData> {
  const pageUser = await requirePageUser(returnTo);
  const db = await getDb();
  const ledger = await db.rpc<LedgerRow[]>("list_ledger", { p_user_id: pageUser.user.id, p_limit: ledgerRows });
  const subscription = currentSubscription(pageUser.account);
  return {
    ...pageUser,
    subscription: subscription ? { ...subscription, live: isLive(subscription) } : null,
    ledger,
    mode: checkoutMode(),
  };
}
