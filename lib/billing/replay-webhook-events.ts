import "server-only";
import type { Db } from "@/lib/db/types";
import type { ApplyResult } from "./apply-lemon-event";
import { applyWithLookup } from "./apply-with-lookup";
import { LEMON_API_SOURCE } from "./apply-subscription-snapshot";
import { LEMON_SOURCE } from "./receive-lemon-webhook";

export type ReplaySelection = { ids: number[] } | { failed: true };

type Row = { id: number; source: string; event_name: string; status: string; payload: unknown };

/**
 * Re-applies stored events: the ones named (whatever their status; applying is idempotent, so
 * a processed event changes nothing twice), or every event left failed or unfinished.
 */
export async function replayWebhookEvents(db: Db, selection: ReplaySelection): Promise<{ id: number; event_name: string; before: string; result: ApplyResult }[]> {
  const rows: Row[] = [];
  // "Received" and never finished means the process died mid-way; applying locks the event, so
  // one still in flight elsewhere is simply found done.
  const statuses = "failed" in selection ? ["failed", "received"] : [null];
  for (const source of [LEMON_SOURCE, LEMON_API_SOURCE]) {
    for (const status of statuses) {
      rows.push(
        ...(await db.rpc<Row[]>("list_webhook_events", {
          p_source: source,
          p_ids: "ids" in selection ? selection.ids : null,
          p_status: status,
          p_limit: 1000,
        })),
      );
    }
  }
  rows.sort((a, b) => a.id - b.id);
  const results = [];
  for (const row of rows) {
    const result = await applyWithLookup(db, row, { force: "ids" in selection });
    results.push({ id: row.id, event_name: row.event_name, before: row.status, result });
  }
  return results;
}
