import type { EventOutcome } from "./billing-change";
import { customUserId, InvoiceAttributes, type LemonWebhook } from "../lemon/lemon-payload";

// subscription_payment_refunded: take back the refunded share of what the invoice granted,
// as far as the balance allows; the rest is recorded.
export function readPaymentRefunded(event: LemonWebhook): EventOutcome {
  const invoice = InvoiceAttributes.parse(event.data.attributes);
  const refunded = invoice.refunded_amount ?? null;
  return {
    apply: {
      user_id: customUserId(event),
      subscription_id: invoice.subscription_id,
      require_subscription: true,
      refund: {
        ref: `lemon:invoice-refund:${event.data.id}:${refunded ?? "full"}`,
        invoice_id: event.data.id,
        refunded_amount: refunded,
        total: invoice.total ?? null,
        note: `Refund of Lemon Squeezy invoice ${event.data.id}`,
      },
    },
  };
}
