// Reading and writing the user's planned posts. Another user's entry, generation or kit is
// "not found", exactly as an id that does not exist.
import "server-only";
import type { Db } from "@/lib/db";
import {
  createCalendarEntry,
  deleteCalendarEntry,
  getCalendarEntry,
  listCalendarEntries,
  updateCalendarEntry,
  type CalendarEntryWritten,
} from "@/lib/db/functions/calendar";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";
import { toEntryView, type CalendarEntryView } from "./entry-view";
import type { CalendarRange, EntryCreate, EntryPatch } from "./schema";

const notFound = () => new ApiError("not_found", "No such calendar entry.");

function entryOrThrow(result: CalendarEntryWritten | { code: "not_found" }): CalendarEntryView {
  switch (result.code) {
    case "ok":
      return toEntryView(result.entry);
    case "generation_not_found":
      throw new ApiError("not_found", "No such generation to attach: pick one of your images or videos.", { field: "generationId" });
    case "kit_not_found":
      throw new ApiError("not_found", "No such marketing kit to attach: pick one of your kits.", { field: "kitId" });
    case "not_found":
      throw notFound();
  }
}

export async function listEntries(db: Db, userId: string, range: CalendarRange): Promise<CalendarEntryView[]> {
  const result = await listCalendarEntries(db, { userId, from: range.from, to: range.to });
  if (result.code !== "ok") throw new ApiError("invalid_request", "The range is empty or longer than 400 days.");
  return result.items.map(toEntryView);
}

export async function readEntry(db: Db, userId: string, id: string): Promise<CalendarEntryView> {
  const row = isUuid(id) ? await getCalendarEntry(db, userId, id) : null;
  if (!row) throw notFound();
  return toEntryView(row);
}

export async function createEntry(db: Db, userId: string, input: EntryCreate): Promise<CalendarEntryView> {
  return entryOrThrow(await createCalendarEntry(db, { userId, ...input }));
}

export async function updateEntry(db: Db, userId: string, id: string, patch: EntryPatch): Promise<CalendarEntryView> {
  if (!isUuid(id)) throw notFound();
  return entryOrThrow(await updateCalendarEntry(db, { userId, id, ...patch }));
}

export async function deleteEntry(db: Db, userId: string, id: string): Promise<void> {
  if (!isUuid(id) || !(await deleteCalendarEntry(db, userId, id))) throw notFound();
}
