// Lemon Squeezy objects and webhook bodies with the attributes its documentation lists
// (subscription, subscription-invoice and order objects; JSON:API `data`, `meta.event_name`,
// `meta.custom_data`), for the fake API and the webhook tests.
import { createHmac, randomUUID } from "node:crypto";

export const STORE_ID = 4242;
export const VARIANTS = { growth: "101", pro: "202" } as const;

export type SubscriptionFixture = {
  id: string;
  customerId?: number;
  orderId?: number;
  variantId: string;
  status: "on_trial" | "active" | "paused" | "past_due" | "unpaid" | "cancelled" | "expired";
  renewsAt?: string | null;
  endsAt?: string | null;
  trialEndsAt?: string | null;
  updatedAt: string;
  email?: string;
};

export function subscriptionObject(s: SubscriptionFixture) {
  const created = "2026-11-01T10:00:00.000000Z";
  return {
    type: "subscriptions",
    id: s.id,
    attributes: {
      store_id: STORE_ID,
      customer_id: s.customerId ?? 5001,
      order_id: s.orderId ?? 7001,
      order_item_id: 9001,
      product_id: 3001,
      variant_id: Number(s.variantId),
      product_name: "Nexora Studio",
      variant_name: s.variantId === VARIANTS.pro ? "Pro" : "Growth",
      user_name: "Test Buyer",
      user_email: s.email ?? "buyer@example.com",
      status: s.status,
      status_formatted: s.status.replace(/^./, (c) => c.toUpperCase()),
      card_brand: "visa",
      card_last_four: "4242",
      payment_processor: "stripe",
      pause: null,
      cancelled: s.status === "cancelled",
      trial_ends_at: s.trialEndsAt ?? null,
      billing_anchor: 1,
      first_subscription_item: {
        id: 8001,
        subscription_id: Number(s.id),
        price_id: 6001,
        quantity: 1,
        is_usage_based: false,
        created_at: created,
        updated_at: s.updatedAt,
      },
      urls: {
        update_payment_method: `https://nexora.lemonsqueezy.com/subscription/${s.id}/payment-details?expires=1&signature=abc`,
        customer_portal: `https://nexora.lemonsqueezy.com/billing?expires=1&user=1&signature=portal${s.id}`,
        customer_portal_update_subscription: `https://nexora.lemonsqueezy.com/billing/${s.id}/update?expires=1&signature=def`,
      },
      renews_at: s.renewsAt === undefined ? "2026-12-23T10:00:00.000000Z" : s.renewsAt,
      ends_at: s.endsAt ?? null,
      created_at: created,
      updated_at: s.updatedAt,
      test_mode: true,
    },
    relationships: {
      store: { links: { related: `https://api.lemonsqueezy.com/v1/subscriptions/${s.id}/store`, self: `https://api.lemonsqueezy.com/v1/subscriptions/${s.id}/relationships/store` } },
      customer: { links: { related: `https://api.lemonsqueezy.com/v1/subscriptions/${s.id}/customer`, self: `https://api.lemonsqueezy.com/v1/subscriptions/${s.id}/relationships/customer` } },
    },
    links: { self: `https://api.lemonsqueezy.com/v1/subscriptions/${s.id}` },
  };
}

export type InvoiceFixture = {
  id: string;
  subscriptionId: string;
  billingReason?: "initial" | "renewal" | "updated";
  status?: "pending" | "paid" | "void" | "refunded" | "partial_refund";
  total?: number;
  refundedAmount?: number;
  createdAt?: string;
  updatedAt?: string;
};

export function invoiceObject(i: InvoiceFixture) {
  const total = i.total ?? 5900;
  const refunded = i.refundedAmount ?? 0;
  const at = i.updatedAt ?? i.createdAt ?? "2026-11-23T10:00:05.000000Z";
  return {
    type: "subscription-invoices",
    id: i.id,
    attributes: {
      store_id: STORE_ID,
      subscription_id: Number(i.subscriptionId),
      customer_id: 5001,
      user_name: "Test Buyer",
      user_email: "buyer@example.com",
      billing_reason: i.billingReason ?? "initial",
      card_brand: "visa",
      card_last_four: "4242",
      currency: "USD",
      currency_rate: "1.00000000",
      status: i.status ?? "paid",
      status_formatted: "Paid",
      refunded: refunded > 0,
      refunded_at: refunded > 0 ? at : null,
      subtotal: total,
      discount_total: 0,
      tax: 0,
      tax_inclusive: false,
      total,
      refunded_amount: refunded,
      subtotal_usd: total,
      discount_total_usd: 0,
      tax_usd: 0,
      total_usd: total,
      refunded_amount_usd: refunded,
      subtotal_formatted: `$${(total / 100).toFixed(2)}`,
      discount_total_formatted: "$0.00",
      tax_formatted: "$0.00",
      total_formatted: `$${(total / 100).toFixed(2)}`,
      refunded_amount_formatted: `$${(refunded / 100).toFixed(2)}`,
      urls: { invoice_url: `https://app.lemonsqueezy.com/my-orders/x/subscription-invoice/${i.id}?signature=ghi` },
      created_at: i.createdAt ?? "2026-11-23T10:00:05.000000Z",
      updated_at: at,
      test_mode: true,
    },
    relationships: {
      store: { links: { related: `https://api.lemonsqueezy.com/v1/subscription-invoices/${i.id}/store` } },
      subscription: { links: { related: `https://api.lemonsqueezy.com/v1/subscription-invoices/${i.id}/subscription` } },
    },
    links: { self: `https://api.lemonsqueezy.com/v1/subscription-invoices/${i.id}` },
  };
}

export function orderObject(o: { id: string; variantId: string; total?: number; refundedAmount?: number; updatedAt: string }) {
  const total = o.total ?? 5900;
  const refunded = o.refundedAmount ?? 0;
  return {
    type: "orders",
    id: o.id,
    attributes: {
      store_id: STORE_ID,
      customer_id: 5001,
      identifier: randomUUID(),
      order_number: Number(o.id),
      user_name: "Test Buyer",
      user_email: "buyer@example.com",
      currency: "USD",
      currency_rate: "1.0000",
      subtotal: total,
      discount_total: 0,
      tax: 0,
      total,
      subtotal_usd: total,
      total_usd: total,
      status: refunded > 0 ? (refunded >= total ? "refunded" : "partial_refund") : "paid",
      status_formatted: refunded > 0 ? "Refunded" : "Paid",
      refunded: refunded > 0,
      refunded_at: refunded > 0 ? o.updatedAt : null,
      refunded_amount: refunded,
      first_order_item: {
        id: 9001,
        order_id: Number(o.id),
        product_id: 3001,
        variant_id: Number(o.variantId),
        product_name: "Nexora Studio",
        variant_name: o.variantId === VARIANTS.pro ? "Pro" : "Growth",
        price: total,
        created_at: o.updatedAt,
        updated_at: o.updatedAt,
        test_mode: true,
      },
      urls: { receipt: `https://app.lemonsqueezy.com/my-orders/${o.id}?signature=jkl` },
      created_at: "2026-11-23T10:00:00.000000Z",
      updated_at: o.updatedAt,
      test_mode: true,
    },
    links: { self: `https://api.lemonsqueezy.com/v1/orders/${o.id}` },
  };
}

/** A webhook body as Lemon Squeezy sends it; `userId: null` leaves custom data out. */
export function webhookBody(eventName: string, data: unknown, userId: string | null): string {
  return JSON.stringify({
    meta: {
      test_mode: true,
      event_name: eventName,
      webhook_id: randomUUID(),
      ...(userId === null ? {} : { custom_data: { user_id: userId } }),
    },
    data,
  });
}

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}
