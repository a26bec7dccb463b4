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
 * Applies a stored event in one transaction (apply_lemon_event). Anything that goes wrong is
 * written onto the event as its error and reported as "failed", so the webhook answers 500
 * (Lemon Squeezy retries) and the replay command can run it again.
 */
export async function applyLemonEvent(db: Db, event: StoredEvent, options: { force?: boolean } = {}): Promise<ApplyResult> {
  try {
    const outcome = readLemonEvent(LemonWebhook.parse(event.payload));
    if ("ignore" in outcome) {
      await finishWebhookEvent(db, { eventId: event.id, status: "ignored", error: outcome.ignore });
      return { code: "ignored" };
    }
    return await applyLemonEventChange<ApplyResult>(db, { eventId: event.id, change: outcome.apply, plans: planTable(), force: options.force });
  } catch (cause) {
    const error = cause instanceof Error ? cause.message : String(cause);
    logger.error({ eventId: event.id, eventName: event.event_name, ...errorFields(error) }, "billing event failed");
    await finishWebhookEvent(db, { eventId: event.id, status: "failed", error });
    return { code: "failed", error, sqlState: sqlStateOf(cause) };
  }
}
