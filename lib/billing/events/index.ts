import type { EventOutcome } from "./billing-change";
import type { LemonWebhook } from "../lemon/lemon-payload";
import { readOrderCreated } from "./order-created";
import { readOrderRefunded } from "./order-refunded";
import { readPaymentFailed } from "./payment-failed";
import { readPaymentRefunded } from "./payment-refunded";
import { readPaymentSucceeded } from "./payment-succeeded";
import { readSubscriptionChanged } from "./subscription-changed";

type EventReader = (event: LemonWebhook) => EventOutcome;

const READERS: Record<string, EventReader> = {
  subscription_created: readSubscriptionChanged,
  subscription_updated: readSubscriptionChanged,
  subscription_cancelled: readSubscriptionChanged,
  subscription_resumed: readSubscriptionChanged,
  subscription_expired: readSubscriptionChanged,
  subscription_paused: readSubscriptionChanged,
  subscription_unpaused: readSubscriptionChanged,
  // Not a webhook: the reconcile job's fetched subscription, applied by the same code.
  subscription_reconciled: readSubscriptionChanged,
  subscription_payment_success: readPaymentSucceeded,
  subscription_payment_recovered: readPaymentSucceeded,
  subscription_payment_failed: readPaymentFailed,
  subscription_payment_refunded: readPaymentRefunded,
  order_created: readOrderCreated,
  order_refunded: readOrderRefunded,
};

/** What an event means; events we do not handle are stored and ignored. */
export function readLemonEvent(event: LemonWebhook): EventOutcome {
  const reader = Object.hasOwn(READERS, event.meta.event_name) ? READERS[event.meta.event_name] : undefined;
  return reader ? reader(event) : { ignore: `${event.meta.event_name} is not handled` };
}
