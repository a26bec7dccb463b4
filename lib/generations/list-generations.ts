import "server-only";
import type { Db } from "@/lib/db";
import { listGenerations as listGenerationRows } from "@/lib/db/functions/generations";
import { ApiError } from "@/lib/http/api-error";
import { toGenerationView, type GenerationView } from "./generation-view";
import type { ListQuery } from "./schema";

// The cursor is written and read by list_generations (the last row's time to the microsecond and
// its id); the client gets it as an opaque token.
const encodeCursor = (cursor: string) => Buffer.from(cursor, "utf8").toString("base64url");
const decodeCursor = (token: string) => Buffer.from(token, "base64url").toString("utf8");

/** History, newest first, a page at a time; `nextCursor` is null on the last page. */
export async function listGenerations(
  db: Db,
  userId: string,
  query: ListQuery,
): Promise<{ items: GenerationView[]; nextCursor: string | null }> {
  const result = await listGenerationRows(db, {
    userId,
    limit: query.limit,
    cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    kind: query.kind,
  });
  if (result.code === "invalid_cursor") throw new ApiError("invalid_request", "The cursor is not valid.");
  return {
    items: result.items.map(toGenerationView),
    nextCursor: result.nextCursor === null ? null : encodeCursor(result.nextCursor),
  };
}
