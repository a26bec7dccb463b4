import type { Db } from "../types";

export type PlanChangeQuote = { balance: number; periodStart: string | null; renewsAt: string | null; credits: number };

/** What switching the subscription to a plan of `allowance` credits would add now, and the period's dates. */
export async function quotePlanChange(db: Db, input: { userId: string; subscriptionId: string; allowance: number }): Promise<PlanChangeQuote | null> {
  const r = await db.rpc<{ balance: number; period_start: string | null; renews_at: string | null; credits: number } | null>("quote_plan_change", {
    p_user_id: input.userId,
    p_subscription_id: input.subscriptionId,
    p_allowance: input.allowance,
  });
  if (!r) return null;
  return { balance: Number(r.balance), periodStart: r.period_start, renewsAt: r.renews_at, credits: Number(r.credits) };
}

export type StoredWebhookEvent = { id: number; inserted: boolean; status: string };

/** Stores a verified event once per (source, dedupe key); a second delivery finds the first row. */
export async function recordWebhookEvent(
  db: Db,
  input: { source: string; eventName: string; dedupeKey: string; payload: unknown },
): Promise<StoredWebhookEvent> {
  const r = await db.rpc<StoredWebhookEvent>("record_webhook_event", {
    p_source: input.source,
    p_event_name: input.eventName,
    p_dedupe_key: input.dedupeKey,
    p_payload: input.payload,
  });
  return { id: Number(r.id), inserted: r.inserted, status: r.status };
}

/** Ends an attempt that did not apply: failed (to be retried) or ignored (an event we do not act on). */
export async function finishWebhookEvent(db: Db, input: { eventId: number; status: "failed" | "ignored"; error?: string }): Promise<void> {
  await db.rpc("finish_webhook_event", { p_event_id: input.eventId, p_status: input.status, p_error: input.error });
}

/** Applies one stored event's change in one transaction (see apply_lemon_event's comment). */
export function applyLemonEventChange<T>(db: Db, input: { eventId: number; change: unknown; plans: unknown; force?: boolean }): Promise<T> {
  return db.rpc<T>("apply_lemon_event", { p_event_id: input.eventId, p_change: input.change, p_plans: input.plans, p_force: input.force ?? false });
}

export type WebhookEventRow = { id: number; source: string; event_name: string; status: string; payload: unknown };

/** Stored events of a source: those named by id, or every one in `status`. */
export async function listWebhookEvents(db: Db, input: { source: string; ids?: number[] | null; status?: string | null; limit?: number }): Promise<WebhookEventRow[]> {
  const rows = await db.rpc<WebhookEventRow[]>("list_webhook_events", {
    p_source: input.source,
    p_ids: input.ids ?? null,
    p_status: input.status ?? null,
    p_limit: input.limit ?? 100,
  });
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Subscriptions not over for good, oldest state first: what reconciliation asks Lemon Squeezy about. */
export function listLiveSubscriptions<T>(db: Db, limit = 200): Promise<T[]> {
  return db.rpc<T[]>("list_live_subscriptions", { p_limit: limit });
}
