import "server-only";
import type { Db } from "@/lib/db";
import { listHistory as listHistoryRows } from "@/lib/db/functions/history";
import { toGenerationView } from "@/lib/generations/generation-view";
import { ApiError } from "@/lib/http/api-error";
import { HISTORY_KINDS, type HistoryPage } from "./history-item";
import { MEDIA_KINDS, type HistoryQuery } from "./schema";
import { startOfDay } from "./start-of-day";

// The cursor is written and read by the SQL (the last row's time to the microsecond and its id);
// the client gets it as an opaque token, the same one GET /api/generations has always handed out.
const encodeCursor = (cursor: string) => Buffer.from(cursor, "utf8").toString("base64url");
const decodeCursor = (token: string) => Buffer.from(token, "base64url").toString("utf8");

function kindsOf(kind: HistoryQuery["kind"]) {
  if (kind === "all") return HISTORY_KINDS;
  return kind ? [kind] : MEDIA_KINDS;
}

/** History, newest first, filtered, a page at a time; `nextCursor` is null on the last page. */
export async function listHistory(db: Db, userId: string, query: HistoryQuery): Promise<HistoryPage> {
  const result = await listHistoryRows(db, {
    userId,
    limit: query.limit,
    cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    kinds: kindsOf(query.kind),
    model: query.model,
    status: query.status,
    // Dates are whole days in the user's time zone, both ends included.
    from: query.from ? startOfDay(query.from, query.tz).toISOString() : undefined,
    to: query.to ? startOfDay(query.to, query.tz, 1).toISOString() : undefined,
    search: query.q || undefined,
    favourites: query.favourites,
  });
  if (result.code === "invalid_cursor") throw new ApiError("invalid_request", "The cursor is not valid.");
  return {
    items: result.items.map((row) => ({ ...toGenerationView(row), favourite: row.favourite })),
    nextCursor: result.nextCursor === null ? null : encodeCursor(result.nextCursor),
  };
}
