import "server-only";
import type { Db } from "@/lib/db/types";
import { ApiError } from "@/lib/http/api-error";
import { applyWithLookup } from "./apply-with-lookup";
import { webhookSecret } from "./config";
import { dedupeKeyOf, LemonWebhook } from "./lemon-payload";
import { verifyWebhookSignature } from "./webhook-signature";

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
    console.error("[billing] LEMON_SQUEEZY_WEBHOOK_SECRET is not set: webhooks are refused");
    throw new ApiError("service_unavailable", "Webhooks are not configured.");
  }
  if (!verifyWebhookSignature(body, signature, secret)) {
    throw new ApiError("unauthenticated", "The webhook signature is missing or invalid.");
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError("invalid_request", "The webhook body is not JSON.");
  }
  const parsed = LemonWebhook.safeParse(json);
  if (!parsed.success) throw new ApiError("invalid_request", "The webhook is not a Lemon Squeezy event.", parsed.error.issues);
  const event = parsed.data;

  const stored = await db.rpc<{ id: number; inserted: boolean; status: string }>("record_webhook_event", {
    p_source: LEMON_SOURCE,
    p_event_name: event.meta.event_name,
    p_dedupe_key: dedupeKeyOf(event),
    p_payload: json,
  });
  if (!stored.inserted && stored.status !== "received" && stored.status !== "failed") {
    return { event_id: stored.id, status: "duplicate", duplicate: true };
  }

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
