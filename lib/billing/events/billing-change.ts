import type { SubscriptionState } from "./subscription-state";

/**
 * What one Lemon Squeezy event means for us, parsed and checked; apply_lemon_event carries it
 * out in one transaction (see its comment in the billing migration for each field).
 */
export type BillingChange = {
  user_id: string | null;
  subscription_id: string | null;
  subscription?: SubscriptionState;
  grant?: {
    ref: string;
    invoice_id: string;
    billing_reason: string | null;
    total: number | null;
    /** The invoice's status: only a paid one grants. */
    status: string;
    /** When Lemon Squeezy created the invoice: which billing period it belongs to. */
    issued_at: string;
    note: string;
  };
  refund?: {
    ref: string;
    invoice_id?: string;
    order_id?: string;
    refunded_amount: number | null;
    total: number | null;
    note: string;
  };
  require_subscription?: boolean;
};

/** An event module's verdict: apply this change, or store the event as ignored and say why. */
export type EventOutcome = { apply: BillingChange } | { ignore: string };
