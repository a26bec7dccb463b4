import "server-only";
import type { Db } from "@/lib/db";
import { getGenerationLedger } from "@/lib/db/functions/history";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";
import type { LedgerEntry } from "./history-item";

/**
 * The credits one of the user's generations moved: the reservation taken before any provider was
 * called (kept as the charge when the job succeeds) and the refund when it failed, the refund
 * saying why (the ledger's own note, else the generation's error). Anyone else's id is a 404.
 */
export async function getLedger(db: Db, userId: string, id: string): Promise<{ rows: LedgerEntry[] }> {
  const ledger = isUuid(id) ? await getGenerationLedger(db, userId, id) : null;
  if (ledger?.code !== "ok") throw new ApiError("not_found", "No such generation.");
  return {
    rows: ledger.rows.map((row) => ({
      ...row,
      note: row.note ?? (row.reason === "refund" ? (ledger.error?.message ?? null) : null),
    })),
  };
}
