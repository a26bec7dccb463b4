import type { EventOutcome } from "./billing-change";
import { customUserId, OrderAttributes, type LemonWebhook } from "../lemon/lemon-payload";

// order_refunded: the order paid for a subscription's first invoice; its grant is what a
// refund takes back (once, even when subscription_payment_refunded reports the same refund).
export function readOrderRefunded(event: LemonWebhook): EventOutcome {
  const order = OrderAttributes.parse(event.data.attributes);
  const refunded = order.refunded_amount ?? null;
  return {
    apply: {
      user_id: customUserId(event),
      subscription_id: null,
      refund: {
        ref: `lemon:order-refund:${event.data.id}:${refunded ?? "full"}`,
        order_id: event.data.id,
        refunded_amount: refunded,
        total: order.total ?? null,
        note: `Refund of Lemon Squeezy order ${event.data.id}`,
      },
    },
  };
}
