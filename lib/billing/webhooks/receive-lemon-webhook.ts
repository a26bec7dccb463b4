import "server-only";
import type { Db } from "@/lib/db/types";
import { ApiError } from "@/lib/http/api-error";
import { applyWithLookup } from "./apply-with-lookup";
import { webhookSecret } from "../config";
import { LemonWebhook } from "../lemon/lemon-payload";
import { parseJsonText } from "@/lib/http/parse-json-text";
import { storeLemonEvent } from "./store-lemon-event";
import { verifyWebhookSignature } from "../lemon/webhook-signature";
import { logger } from "@/lib/log/logger";

export const LEMON_SOURCE = "lemonsqueezy";

/** What this delivery did: "processed", "stale", "ignored", "unknown_user" or "duplicate". */
export type WebhookReceipt = { event_id: number; status: string; duplicate: boolean; user_id?: string | null };

/**
 * A Lemon Squeezy delivery: verified against the raw body, stored once under its dedupe key,
 * then applied. A delivery we already finished is answered as a duplicate and changes nothing.
 */
export async function receiveLemonWebhook(db: Db, body: string, signature: string | null): Promise<WebhookReceipt> {
  const secret = await webhookSecret();
  if (!secret) {
    logger.error("LEMON_SQUEEZY_WEBHOOK_SECRET is not set: webhooks are refused");
    throw new ApiError("service_unavailable", "Webhooks are not configured.");
  }
  if (!verifyWebhookSignature(body, signature, secret)) {
    throw new ApiError("unauthenticated", "The webhook signature is missing or invalid.");
  }

  const json = parseJsonText(body);
  const parsed = LemonWebhook.safeParse(json);
  if (!parsed.success) throw new ApiError("invalid_request", "The webhook is not a Lemon Squeezy event.", parsed.error.issues);
  const event = parsed.data;

  const stored = await storeLemonEvent(db, LEMON_SOURCE, event, json);
  if (!stored.fresh) return { event_id: stored.id, status: "duplicate", duplicate: true };

  const result = await applyWithLookup(db, { id: stored.id, event_name: event.meta.event_name, payload: json });
  if (result.code === "failed") {
    throw new ApiError("internal_error", "The event was stored but could not be applied; it will be retried.");
  }
  return {
    event_id: stored.id,
    status: result.code,
    duplicate: result.code === "duplicate",
    user_id: "user_id" in result ? result.user_id : undefined,
  };
}
