import { planOfVariant } from "./config";
import type { SubscriptionAttributes } from "./lemon-payload";

/** The row apply_lemon_event upserts: our columns, filled from Lemon Squeezy's subscription object. */
export type SubscriptionState = {
  subscription_id: string;
  customer_id: string | null;
  order_id: string | null;
  variant_id: string;
  plan: string;
  status: string;
  renews_at: string | null;
  ends_at: string | null;
  trial_ends_at: string | null;
  portal_url: string | null;
  source_updated_at: string;
};

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
