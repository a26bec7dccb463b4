import "server-only";
import type { Db } from "@/lib/db/types";
import { applyLemonEvent, type ApplyResult, type StoredEvent } from "./apply-lemon-event";
import { applySubscriptionSnapshot } from "./apply-subscription-snapshot";
import { checkoutMode } from "../config";
import { lemonSqueezy } from "../lemon/lemon-client";
import { customUserId, InvoiceAttributes, LemonWebhook } from "../lemon/lemon-payload";

// What apply_lemon_event raises when the stored subscription cannot speak for a payment yet:
// older than the plan-change invoice it paid for (NXB01), or not stored at all (NXB02).
const SUBSCRIPTION_BEHIND = new Set(["NXB01", "NXB02"]);

/**
 * Applies a stored event; when a payment names a subscription we have not stored yet, or one
 * older than the plan change it paid for (its subscription event is late or was lost), and Lemon
 * Squeezy is configured, the subscription is read from the API, stored for the payment's user,
 * and the payment applied again.
 */
export async function applyWithLookup(db: Db, event: StoredEvent, options: { force?: boolean } = {}): Promise<ApplyResult> {
  const first = await applyLemonEvent(db, event, options);
  if (first.code !== "failed" || !SUBSCRIPTION_BEHIND.has(first.sqlState ?? "") || checkoutMode() !== "lemonsqueezy") return first;

  const parsed = LemonWebhook.safeParse(event.payload);
  const invoice = parsed.success ? InvoiceAttributes.safeParse(parsed.data.data.attributes) : null;
  if (!parsed.success || !invoice?.success) return first;

  const { data, error } = await lemonSqueezy().getSubscription(invoice.data.subscription_id);
  if (error || !data) return first;
  const learned = await applySubscriptionSnapshot(db, data.data, customUserId(parsed.data));
  if (learned.code !== "processed" && learned.code !== "duplicate" && learned.code !== "stale") return first;
  return applyLemonEvent(db, event, options);
}
