import type { EventOutcome } from "./billing-change";
import { customUserId, InvoiceAttributes, type LemonWebhook } from "../lemon/lemon-payload";

// subscription_payment_success (and _recovered, sent with it): a payment fact. A paid initial or
// renewal invoice opens a billing period and replenishes to the plan; a paid plan-change invoice
// ("updated") grants what is left of the period's budget (apply_invoice_grant). The plan is the
// stored subscription's, so the payment waits for it.
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
        status: invoice.status ?? "paid",
        issued_at: invoice.created_at ?? invoice.updated_at,
        note: `Lemon Squeezy invoice ${event.data.id} (${invoice.billing_reason ?? "payment"})`,
      },
    },
  };
}
