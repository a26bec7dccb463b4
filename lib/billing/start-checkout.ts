import "server-only";
import type { Db } from "@/lib/db/types";
import type { CurrentUser } from "@/lib/auth/current-user";
import { PLANS } from "@/lib/catalog";
import { getAccountOrThrow } from "@/lib/credits/account";
import { ApiError } from "@/lib/http/api-error";
import { applySubscriptionSnapshot } from "./apply-subscription-snapshot";
import { checkoutMode, lemonStoreId, variantOf, type PaidPlan } from "./config";
import { isLive } from "./effective-plan";
import { lemonDataOrThrow, lemonSqueezy } from "./lemon-client";
import { currentSubscription } from "./current-subscription";

export type CheckoutStart = { url: string; changed?: boolean };

/**
 * Where the user goes to buy `plan`: a Lemon Squeezy checkout carrying their id, or the local
 * checkout. Someone already on the plan is sent to the portal instead (409); someone on the
 * other paid plan has that subscription switched, never a second one opened beside it.
 */
export async function startCheckout(db: Db, user: CurrentUser, plan: PaidPlan, origin: string): Promise<CheckoutStart> {
  const mode = checkoutMode();
  if (mode === "off") throw new ApiError("service_unavailable", "Checkout is not configured.");

  const account = await getAccountOrThrow(db, user.id);
  const current = currentSubscription(account);
  const live = current && isLive(current) ? current : null;
  if (live?.plan === plan) {
    throw new ApiError("conflict", `You are already on ${PLANS[plan].name}. Manage it in the customer portal.`, {
      plan,
      portalUrl: `${origin}/api/lemon/portal?redirect=1`,
    });
  }

  if (mode === "local") return { url: `${origin}/billing/local-checkout?plan=${plan}` };

  const variant = variantOf(plan);
  const storeId = lemonStoreId();
  if (!variant || !storeId) {
    throw new ApiError("service_unavailable", `${PLANS[plan].name} is not for sale: its Lemon Squeezy variant or store is not set.`);
  }
  const lemon = lemonSqueezy();

  if (live) {
    const updated = lemonDataOrThrow(
      await lemon.updateSubscription(live.subscription_id, { variantId: Number(variant), invoiceImmediately: true }),
      "change your plan",
    );
    await applySubscriptionSnapshot(db, updated.data);
    return { url: `${origin}/billing?changed=${plan}`, changed: true };
  }

  const checkout = lemonDataOrThrow(
    await lemon.createCheckout(storeId, variant, {
      checkoutData: {
        email: account.user.email ?? undefined,
        name: account.user.name ?? undefined,
        custom: { user_id: user.id },
      },
      productOptions: { redirectUrl: `${origin}/billing?checkout=success` },
    }),
    "open a checkout",
  );
  return { url: checkout.data.attributes.url };
}
