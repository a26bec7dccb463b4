import "server-only";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import type { GenerationRow } from "./generation-row";
import { toGenerationView, type GenerationView } from "./generation-view";
import type { ListQuery } from "./schema";

type Cursor = { createdAt: string; id: string };

function encodeCursor(row: GenerationRow): string {
  return Buffer.from(`${row.created_at}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): Cursor {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new ApiError("invalid_request", "The cursor is not valid.");
  }
  return { createdAt, id };
}

/** History, newest first, a page at a time; `nextCursor` is null on the last page. */
export async function listGenerations(
  db: Db,
  userId: string,
  query: ListQuery,
): Promise<{ items: GenerationView[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const { items } = await db.rpc<{ items: GenerationRow[] }>("list_generations", {
    p_user_id: userId,
    p_limit: query.limit + 1,
    p_before_created_at: cursor?.createdAt,
    p_before_id: cursor?.id,
    p_kind: query.kind,
  });
  const page = items.slice(0, query.limit);
  return {
    items: page.map(toGenerationView),
    nextCursor: items.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}
