// What the history list and a generation's ledger look like to a client. Pure types and
// constants: the History page reads them as well as the API.
import type { GenerationView } from "@/lib/generations/generation-view";

export const HISTORY_KINDS = ["image", "video", "director", "chat", "text"] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
export const HISTORY_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];
/** The longest prompt search the list takes. */
export const SEARCH_MAX = 200;

/** A generation in the history list: its view plus whether the user marked it a favourite. */
export type HistoryItem = GenerationView & { favourite: boolean };

export type HistoryPage = { items: HistoryItem[]; nextCursor: string | null };

/** One movement of credits a generation made: its reservation (`reserve`) or its refund (`refund`). */
export type LedgerEntry = { delta: number; reason: string; balanceAfter: number; createdAt: string; note: string | null };
