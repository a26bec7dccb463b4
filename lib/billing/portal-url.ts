import "server-only";
import type { Db } from "@/lib/db/types";
import { getAccountOrThrow } from "@/lib/credits/account";
import { ApiError } from "@/lib/http/api-error";
import { checkoutMode } from "./config";
import { lemonDataOrThrow, lemonSqueezy } from "./lemon/lemon-client";
import { currentSubscription } from "./current-subscription";

/**
 * The customer portal of the user's subscription. Lemon Squeezy's portal links are signed and
 * expire within a day, so a fresh one is read from the subscription object every time.
 */
export async function getPortalUrl(db: Db, userId: string, origin: string): Promise<{ url: string }> {
  const subscription = currentSubscription(await getAccountOrThrow(db, userId));
  if (!subscription) throw new ApiError("not_found", "You have no subscription yet. Pick a plan first.");

  if (checkoutMode() !== "lemonsqueezy") return { url: `${origin}/billing/local-portal` };

  const found = lemonDataOrThrow(await lemonSqueezy().getSubscription(subscription.subscription_id), "open your portal");
  const url = found.data.attributes.urls.customer_portal;
  if (!url) throw new ApiError("not_found", "Lemon Squeezy has no portal for this subscription.");
  return { url };
}
