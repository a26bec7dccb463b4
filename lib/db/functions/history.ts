// The history functions of supabase/migrations (the filtered list, favourites, a generation's
// ledger rows), one typed wrapper each: the only code that spells their argument names.
import type { Db } from "../types";
import type { GenerationRow } from "./generations";

/** A generations row as history lists it: with whether the user marked it a favourite. */
export type HistoryRow = GenerationRow & { favourite: boolean };

export type HistoryFilters = {
  /** Kinds to list; undefined lists every kind. */
  kinds?: readonly GenerationRow["kind"][];
  model?: string;
  status?: GenerationRow["status"];
  /** Created at or after this instant (ISO 8601). */
  from?: string;
  /** Created before this instant (ISO 8601). */
  to?: string;
  /** A literal, case-insensitive substring of the prompt. */
  search?: string;
  favourites?: boolean;
};

export type HistoryPage = { code: "ok"; items: HistoryRow[]; nextCursor: string | null } | { code: "invalid_cursor" };

/** History, newest first, filtered; `cursor` is the previous page's `nextCursor`, as the database wrote it. */
export async function listHistory(db: Db, input: { userId: string; limit: number; cursor?: string } & HistoryFilters): Promise<HistoryPage> {
  const page = await db.rpc<{ code: "ok"; items: HistoryRow[]; next_cursor: string | null } | { code: "invalid_cursor" }>("list_history", {
    p_user_id: input.userId,
    p_limit: input.limit,
    p_cursor: input.cursor,
    p_kinds: input.kinds,
    p_model: input.model,
    p_status: input.status,
    p_from: input.from,
    p_to: input.to,
    p_search: input.search,
    p_favourites: input.favourites,
  });
  return page.code === "ok" ? { code: "ok", items: page.items, nextCursor: page.next_cursor } : page;
}

/** Marks (or unmarks) one of the user's generations as a favourite; another user's id is not_found. */
export function setGenerationFavourite(db: Db, userId: string, generationId: string, favourite: boolean) {
  return db.rpc<{ code: "ok"; favourite: boolean } | { code: "not_found" }>("set_generation_favourite", {
    p_user_id: userId,
    p_generation_id: generationId,
    p_favourite: favourite,
  });
}

export type GenerationLedgerRow = { delta: number; reason: string; balanceAfter: number; createdAt: string; note: string | null };

export type GenerationLedger =
  | { code: "ok"; status: GenerationRow["status"]; error: GenerationRow["error"]; rows: GenerationLedgerRow[] }
  | { code: "not_found" };

type RawLedgerRow = { delta: number | string; reason: string; balance_after: number | string; created_at: string; note: string | null };

/** The ledger rows one of the user's generations wrote (its reservation, a refund), oldest first. */
export async function getGenerationLedger(db: Db, userId: string, generationId: string): Promise<GenerationLedger> {
  const result = await db.rpc<
    { code: "ok"; status: GenerationRow["status"]; error: GenerationRow["error"]; rows: RawLedgerRow[] } | { code: "not_found" }
  >("get_generation_ledger", { p_user_id: userId, p_generation_id: generationId });
  if (result.code !== "ok") return result;
  return {
    ...result,
    rows: result.rows.map((r) => ({
      delta: Number(r.delta),
      reason: r.reason,
      balanceAfter: Number(r.balance_after),
      createdAt: r.created_at,
      note: r.note,
    })),
  };
}
