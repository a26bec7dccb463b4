import type { EventOutcome } from "../billing-change";
import { customUserId, InvoiceAttributes, type LemonWebhook } from "../lemon-payload";

// subscription_payment_success (and _recovered, sent with it): replenish to the plan's credits,
// once per invoice. The plan is the stored subscription's, so the payment waits for it.
export function readPaymentSucceeded(event: LemonWebhook): EventOutcome {
  const invoice = InvoiceAttributes.parse(event.data.attributes);
  return {
    apply: {
      user_id: customUserId(event),
      subscription_id: invoice.subscription_id,
      require_subscription: true,
      grant: {
        ref: `lemon:invoice:${event.data.id}`,
        invoice_id: event.data.id,
        billing_reason: invoice.billing_reason ?? null,
        total: invoice.total ?? null,
        note: `Lemon Squeezy invoice ${event.data.id} (${invoice.billing_reason ?? "payment"})`,
      },
    },
  };
}
