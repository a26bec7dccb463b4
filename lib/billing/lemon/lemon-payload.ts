import { z } from "zod";

// Lemon Squeezy sends ids as numbers in attributes and as strings in data.id; we keep text.
const lemonId = z.union([z.string().min(1), z.number()]).transform(String);
const time = z.string().nullish().transform((v) => v ?? null);

/** The JSON:API envelope of every webhook: `meta.event_name`, `meta.custom_data`, `data`. */
export const LemonWebhook = z.object({
  meta: z.looseObject({
    event_name: z.string().min(1).max(100),
    custom_data: z.record(z.string(), z.unknown()).nullish(),
  }),
  data: z.looseObject({
    type: z.string().min(1),
    id: lemonId,
    attributes: z.record(z.string(), z.unknown()),
  }),
});
export type LemonWebhook = z.infer<typeof LemonWebhook>;

/** The subscription object, as webhooks and GET /v1/subscriptions/:id both carry it. */
export const SubscriptionAttributes = z.looseObject({
  customer_id: lemonId.nullish(),
  order_id: lemonId.nullish(),
  variant_id: lemonId,
  status: z.string().min(1),
  renews_at: time,
  ends_at: time,
  trial_ends_at: time,
  updated_at: z.string().min(1),
  urls: z.looseObject({ customer_portal: z.string().nullish() }).nullish(),
});
export type SubscriptionAttributes = z.infer<typeof SubscriptionAttributes>;

/** A subscription invoice (`subscription_payment_*`): data.id is the invoice id. */
export const InvoiceAttributes = z.looseObject({
  subscription_id: lemonId,
  billing_reason: z.string().nullish(),
  status: z.string().nullish(),
  total: z.number().nullish(),
  refunded: z.boolean().nullish(),
  refunded_amount: z.number().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().min(1),
});

export const OrderAttributes = z.looseObject({
  status: z.string().nullish(),
  total: z.number().nullish(),
  refunded: z.boolean().nullish(),
  refunded_amount: z.number().nullish(),
  updated_at: z.string().min(1),
});

/** The user the checkout was opened for, when Lemon Squeezy passed the custom data along. */
export function customUserId(event: LemonWebhook): string | null {
  const id = event.meta.custom_data?.["user_id"];
  return typeof id === "string" && id.length > 0 && id.length <= 200 ? id : null;
}

// Payments count once per invoice whatever else changes; every other event is one state of
// its object, named by the object's updated_at (Lemon Squeezy sends no event id).
const ONCE_PER_INVOICE = new Set(["subscription_payment_success", "subscription_payment_recovered"]);

export function dedupeKeyOf(event: LemonWebhook): string {
  const { event_name } = event.meta;
  const { type, id, attributes } = event.data;
  if (ONCE_PER_INVOICE.has(event_name)) return `${event_name}:invoice:${id}`;
  const updatedAt = typeof attributes["updated_at"] === "string" ? attributes["updated_at"] : "";
  return `${event_name}:${type}:${id}:${updatedAt}`;
}
