import "server-only";
import type { Db } from "@/lib/db/types";
import { readLemonEvent } from "../events";
import { LemonWebhook } from "../lemon/lemon-payload";
import { applyLemonEventChange, finishWebhookEvent } from "@/lib/db/functions/billing";
import { sqlStateOf } from "@/lib/db/sql-state-of";
import { planTable } from "../plan-table";
import { errorFields, logger } from "@/lib/log/logger";

export type StoredEvent = { id: number; event_name: string; payload: unknown };

export type ApplyResult =
  | { code: "processed"; user_id: string; balance: number; grant?: unknown; upgrade?: unknown; refund?: unknown }
  | { code: "duplicate" | "stale" | "unknown_user" | "ignored" | "not_found"; user_id?: string | null; status?: string }
  | { code: "failed"; error: string; sqlState?: string };

/**
 * Applies a stored event in one transaction (apply_lemon_event), again after a deadlock or a
 * serialization failure (up to three times). Anything else that goes wrong is written onto the
 * event as its error and reported as "failed", so the webhook answers 500 (Lemon Squeezy
 * retries) and the replay command can run it again.
 */
export async function applyLemonEvent(db: Db, event: StoredEvent, options: { force?: boolean } = {}): Promise<ApplyResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(db, event, options);
    } catch (cause) {
      const sqlState = sqlStateOf(cause);
      // A transaction PostgreSQL chose to abort for another's sake is meant to be run again.
      if (TRANSIENT.has(sqlState ?? "") && attempt < ATTEMPTS) {
        logger.warn({ eventId: event.id, eventName: event.event_name, sqlState, attempt }, "billing event retried");
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
        continue;
      }
      const error = cause instanceof Error ? cause.message : String(cause);
      logger.error({ eventId: event.id, eventName: event.event_name, ...errorFields(error) }, "billing event failed");
      await finishWebhookEvent(db, { eventId: event.id, status: "failed", error });
      return { code: "failed", error, sqlState };
    }
  }
}

// Deadlock victim and serialization failure: nothing of the event was applied, so it runs again.
const TRANSIENT = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

async function applyOnce(db: Db, event: StoredEvent, options: { force?: boolean }): Promise<ApplyResult> {
  const outcome = readLemonEvent(LemonWebhook.parse(event.payload));
  if ("ignore" in outcome) {
    await finishWebhookEvent(db, { eventId: event.id, status: "ignored", error: outcome.ignore });
    return { code: "ignored" };
  }
  return applyLemonEventChange<ApplyResult>(db, { eventId: event.id, change: outcome.apply, plans: planTable(), force: options.force });
}
