// The calendar migration's functions, one typed wrapper each: the only code that spells their
// argument names. Every one takes the user's id and never reads or writes anyone else's rows.
import type { Db } from "../types";
import type { StoredOutput } from "./generations";

export type CalendarEntryStatus = "planned" | "published";

/** An entry as calendar_entry_json writes it; instants in whatever offset the session printed. */
export type CalendarEntryRow = {
  id: string;
  scheduled_for: string;
  channel: string;
  title: string;
  notes: string;
  status: CalendarEntryStatus;
  published_at: string | null;
  generation_id: string | null;
  kit_id: string | null;
  created_at: string;
  updated_at: string;
  generation: { id: string; kind: string; model: string; status: string; output: StoredOutput | null } | null;
  kit: { id: string; headline: string | null; created_at: string } | null;
};

/** Why an attachment was refused: it is not the user's (or not media), so it is "not found". */
export type AttachmentRefused = { code: "generation_not_found" } | { code: "kit_not_found" };

export type CalendarRange =
  | { code: "ok"; items: CalendarEntryRow[] }
  | { code: "invalid_range" }
  | { code: "range_too_long" };

/** Entries scheduled in [from, to), earliest first. */
export function listCalendarEntries(db: Db, input: { userId: string; from: Date; to: Date; limit?: number }) {
  return db.rpc<CalendarRange>("list_calendar_entries", {
    p_user_id: input.userId,
    p_from: input.from.toISOString(),
    p_to: input.to.toISOString(),
    p_limit: input.limit,
  });
}

export function getCalendarEntry(db: Db, userId: string, id: string) {
  return db.rpc<CalendarEntryRow | null>("get_calendar_entry", { p_user_id: userId, p_id: id });
}

export type CalendarEntryWritten = { code: "ok"; entry: CalendarEntryRow } | AttachmentRefused;

export function createCalendarEntry(
  db: Db,
  input: {
    userId: string;
    scheduledFor: Date;
    channel: string;
    title: string;
    notes: string;
    generationId?: string | null;
    kitId?: string | null;
    status?: CalendarEntryStatus;
  },
) {
  return db.rpc<CalendarEntryWritten>("create_calendar_entry", {
    p_user_id: input.userId,
    p_scheduled_for: input.scheduledFor.toISOString(),
    p_channel: input.channel,
    p_title: input.title,
    p_notes: input.notes,
    p_generation_id: input.generationId ?? null,
    p_kit_id: input.kitId ?? null,
    p_status: input.status ?? "planned",
  });
}

/**
 * Changes the fields given; an absent one stays as it is. `generationId` / `kitId` replace the
 * attachment when present (null detaches it).
 */
export function updateCalendarEntry(
  db: Db,
  input: {
    userId: string;
    id: string;
    scheduledFor?: Date;
    channel?: string;
    title?: string;
    notes?: string;
    generationId?: string | null;
    kitId?: string | null;
    status?: CalendarEntryStatus;
  },
) {
  return db.rpc<CalendarEntryWritten | { code: "not_found" }>("update_calendar_entry", {
    p_user_id: input.userId,
    p_id: input.id,
    p_scheduled_for: input.scheduledFor?.toISOString(),
    p_channel: input.channel,
    p_title: input.title,
    p_notes: input.notes,
    p_set_generation: input.generationId !== undefined,
    p_generation_id: input.generationId ?? null,
    p_set_kit: input.kitId !== undefined,
    p_kit_id: input.kitId ?? null,
    p_status: input.status,
  });
}

export async function deleteCalendarEntry(db: Db, userId: string, id: string): Promise<boolean> {
  return (await db.rpc<{ deleted: boolean }>("delete_calendar_entry", { p_user_id: userId, p_id: id })).deleted;
}

export async function countCalendarEntries(db: Db, userId: string): Promise<number> {
  return Number(await db.rpc<number>("count_calendar_entries", { p_user_id: userId }));
}
