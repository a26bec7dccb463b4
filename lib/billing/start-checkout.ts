import "server-only";
import type { Db } from "@/lib/db/types";
import type { CurrentUser } from "@/lib/auth/current-user";
import { PLANS, planRank } from "@/lib/catalog";
import { getAccountOrThrow } from "@/lib/credits/account";
import { ApiError } from "@/lib/http/api-error";
import { applySubscriptionSnapshot } from "./webhooks/apply-subscription-snapshot";
import { checkoutMode, lemonStoreId, variantOf, type PaidPlan } from "./config";
import { isLive } from "../credits/effective-plan";
import { lemonDataOrThrow, lemonSqueezy } from "./lemon/lemon-client";
import { currentSubscription } from "./current-subscription";
import { completeLocalCheckout } from "./local/local-checkout";
import { quoteChange, type PlanChange } from "./quote-plan-change";

export type CheckoutStart = { url: string; changed?: boolean } | { change: PlanChange };

/**
 * Where the user goes to buy `plan`: a Lemon Squeezy checkout carrying their id, or the local
 * checkout. Someone already on the plan is sent to the portal instead (409). Someone on the
 * other paid plan has that subscription switched, never a second one opened beside it: first
 * the quote (what is charged now, the credits it adds), then, confirmed, the switch itself. The
 * switch moves no credits; the paid prorated invoice does, when its webhook arrives.
 */
export async function startCheckout(
  db: Db,
  user: CurrentUser,
  plan: PaidPlan,
  origin: string,
  options: { confirm?: boolean } = {},
): Promise<CheckoutStart> {
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

  if (live && !options.confirm) return { change: await quoteChange(db, user.id, live, plan) };
  if (live && mode === "local") {
    await completeLocalCheckout(db, user, plan, origin);
    return { url: `${origin}/billing?changed=${plan}`, changed: true };
  }
  if (mode === "local") return { url: `${origin}/billing/local-checkout?plan=${plan}` };

  const variant = variantOf(plan);
  const storeId = lemonStoreId();
  if (!variant || !storeId) {
    throw new ApiError("service_unavailable", `${PLANS[plan].name} is not for sale: its Lemon Squeezy variant or store is not set.`);
  }
  const lemon = lemonSqueezy();

  if (live) {
    // An upgrade is charged now, prorated, so its credits come with a paid invoice inside the
    // period; a downgrade changes the price from the next renewal and charges nothing now.
    const upgrade = planRank(plan) > planRank(live.plan);
    const updated = lemonDataOrThrow(
      await lemon.updateSubscription(
        live.subscription_id,
        upgrade ? { variantId: Number(variant), invoiceImmediately: true } : { variantId: Number(variant), disableProrations: true },
      ),
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
