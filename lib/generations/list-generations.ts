import "server-only";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import type { GenerationRow } from "./generation-row";
import { toGenerationView, type GenerationView } from "./generation-view";
import type { ListQuery } from "./schema";

type ListResult = { code: "ok"; items: GenerationRow[]; next_cursor: string | null } | { code: "invalid_cursor" };

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
  const result = await db.rpc<ListResult>("list_generations", {
    p_user_id: userId,
    p_limit: query.limit,
    p_cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    p_kind: query.kind,
  });
  if (result.code === "invalid_cursor") throw new ApiError("invalid_request", "The cursor is not valid.");
  return {
    items: result.items.map(toGenerationView),
    nextCursor: result.next_cursor === null ? null : encodeCursor(result.next_cursor),
  };
}
