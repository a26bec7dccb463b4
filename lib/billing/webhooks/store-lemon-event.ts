import "server-only";
import type { Db } from "@/lib/db/types";
import { recordWebhookEvent, type StoredWebhookEvent } from "@/lib/db/functions/billing";
import { dedupeKeyOf, type LemonWebhook } from "../lemon/lemon-payload";

/**
 * Stores an event before anything acts on it, once per dedupe key. `fresh` says whether it still
 * needs applying: new, or stored earlier and never finished (received) or failed.
 */
export async function storeLemonEvent(db: Db, source: string, event: LemonWebhook, payload: unknown): Promise<StoredWebhookEvent & { fresh: boolean }> {
  const stored = await recordWebhookEvent(db, { source, eventName: event.meta.event_name, dedupeKey: dedupeKeyOf(event), payload });
  return { ...stored, fresh: stored.inserted || stored.status === "received" || stored.status === "failed" };
}
