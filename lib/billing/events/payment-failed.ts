import type { EventOutcome } from "./billing-change";
import { customUserId, InvoiceAttributes, type LemonWebhook } from "../lemon/lemon-payload";

// subscription_payment_failed moves no credits: access follows the subscription's own status
// (past_due, then unpaid), which arrives as subscription_updated. Stored for the record.
export function readPaymentFailed(event: LemonWebhook): EventOutcome {
  const invoice = InvoiceAttributes.parse(event.data.attributes);
  return { apply: { user_id: customUserId(event), subscription_id: invoice.subscription_id } };
}
