import "server-only";
import type { Db } from "@/lib/db/types";
import { applyLemonEvent, type ApplyResult } from "./apply-lemon-event";
import { LemonWebhook } from "../lemon/lemon-payload";
import { storeLemonEvent } from "./store-lemon-event";

export const LEMON_API_SOURCE = "lemonsqueezy-api";

type SubscriptionObject = { type: string; id: string | number; attributes: Record<string, unknown> };

/**
 * A subscription object read from the API (reconcile, a plan change) goes through the very
 * code webhooks take: stored as an event of its own source, then applied, older-never-wins.
 * A stored subscription keeps its owner whatever `userId` says.
 */
export async function applySubscriptionSnapshot(db: Db, subscription: SubscriptionObject, userId: string | null = null): Promise<ApplyResult> {
  // The API's subscription object has no custom data; a caller that knows the owner passes it.
  const payload = {
    meta: { event_name: "subscription_reconciled", custom_data: userId ? { user_id: userId } : null },
    data: { type: subscription.type, id: String(subscription.id), attributes: subscription.attributes },
  };
  const event = LemonWebhook.parse(payload);
  const stored = await storeLemonEvent(db, LEMON_API_SOURCE, event, payload);
  if (!stored.fresh) return { code: "duplicate", status: stored.status };
  return applyLemonEvent(db, { id: stored.id, event_name: event.meta.event_name, payload });
}
