import "server-only";
import { getDb } from "@/lib/db";
import { listLedger, type LedgerRow } from "@/lib/db/functions/credits";
import { requirePageUser } from "@/lib/auth/page-user";
import { checkoutMode, type CheckoutMode } from "./config";
import { currentSubscription } from "./current-subscription";
import type { SubscriptionRow } from "@/lib/db/functions/credits";
import { isLive } from "../credits/effective-plan";

export type { LedgerRow } from "@/lib/db/functions/credits";

export type BillingPageData = Awaited<ReturnType<typeof requirePageUser>> & {
  subscription: (SubscriptionRow & { live: boolean }) | null;
  ledger: LedgerRow[];
  mode: CheckoutMode;
};

/** Everything the billing pages show, read on the server for the signed-in user. */
export async function getBillingPage(returnTo: string, ledgerRows = 25): Promise<BillingPageData> {
  const pageUser = await requirePageUser(returnTo);
  const db = await getDb();
  const ledger = await listLedger(db, pageUser.user.id, ledgerRows);
  const subscription = currentSubscription(pageUser.account);
  return {
    ...pageUser,
    subscription: subscription ? { ...subscription, live: isLive(subscription) } : null,
    ledger,
    mode: checkoutMode(),
  };
}
