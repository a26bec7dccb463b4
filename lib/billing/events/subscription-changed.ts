import type { EventOutcome } from "./billing-change";
import { customUserId, SubscriptionAttributes, type LemonWebhook } from "../lemon/lemon-payload";
import { subscriptionStateOf } from "./subscription-state";

// subscription_created|updated|cancelled|resumed|expired|paused|unpaused all carry the full
// subscription object: the new state replaces the stored one unless it is older.
export function readSubscriptionChanged(event: LemonWebhook): EventOutcome {
  const state = subscriptionStateOf(event.data.id, SubscriptionAttributes.parse(event.data.attributes));
  return { apply: { user_id: customUserId(event), subscription_id: state.subscription_id, subscription: state } };
}
