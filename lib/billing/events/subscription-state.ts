import type { SubscriptionRow } from "@/lib/db/functions/credits";
import { planOfVariant } from "../config";
import type { SubscriptionAttributes } from "../lemon/lemon-payload";

/** What apply_lemon_event upserts: the subscription row but its owner, from Lemon Squeezy's object. */
export type SubscriptionState = Omit<SubscriptionRow, "user_id">;

export function subscriptionStateOf(subscriptionId: string, a: SubscriptionAttributes): SubscriptionState {
  const plan = planOfVariant(a.variant_id);
  return {
    subscription_id: subscriptionId,
    customer_id: a.customer_id ?? null,
    order_id: a.order_id ?? null,
    variant_id: a.variant_id,
    plan,
    status: a.status,
    renews_at: a.renews_at,
    ends_at: a.ends_at,
    trial_ends_at: a.trial_ends_at,
    portal_url: a.urls?.customer_portal ?? null,
    source_updated_at: a.updated_at,
  };
}
