import "server-only";
import type { Db } from "@/lib/db/types";
import { listWebhookEvents, type WebhookEventRow } from "@/lib/db/functions/billing";
import type { ApplyResult } from "./apply-lemon-event";
import { applyWithLookup } from "./apply-with-lookup";
import { LEMON_API_SOURCE } from "./apply-subscription-snapshot";
import { LEMON_SOURCE } from "./receive-lemon-webhook";

export type ReplaySelection = { ids: number[] } | { failed: true };


/**
 * Re-applies stored events: the ones named (whatever their status; applying is idempotent, so
 * a processed event changes nothing twice), or every event left failed or unfinished.
 */
export async function replayWebhookEvents(db: Db, selection: ReplaySelection): Promise<{ id: number; event_name: string; before: string; result: ApplyResult }[]> {
  const rows: WebhookEventRow[] = [];
  // "Received" and never finished means the process died mid-way; applying locks the event, so
  // one still in flight elsewhere is simply found done.
  const statuses = "failed" in selection ? ["failed", "received"] : [null];
  for (const source of [LEMON_SOURCE, LEMON_API_SOURCE]) {
    for (const status of statuses) {
      rows.push(
        ...(await listWebhookEvents(db, { source, ids: "ids" in selection ? selection.ids : null, status, limit: 1000 })),
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
