// What the calendar routes accept. Instants carry their offset (the page turns the user's local
// date and time into one); a range is either whole UTC days (YYYY-MM-DD, `to` included) or two
// instants (`to` excluded), at most RANGE_MAX_DAYS long.
import { z } from "zod";
import { MARKETING_CHANNEL_IDS, type MarketingChannel } from "@/lib/catalog";

export const TITLE_MAX = 200;
export const NOTES_MAX = 4000;
export const RANGE_MAX_DAYS = 400;

const DAY_MS = 86_400_000;
// Posts are planned within this century; anything else is a typo (year 20026) or a wrong unit.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const CONTROL = /[\u0000-\u001f\u007f]/;

export const channel = z.enum(MARKETING_CHANNEL_IDS as [MarketingChannel, ...MarketingChannel[]], {
  error: `channel is one of: ${MARKETING_CHANNEL_IDS.join(", ")}.`,
});

const instant = z
  .iso.datetime({ offset: true, error: "scheduledFor is an ISO 8601 instant with its offset, like 2026-12-04T10:00:00+01:00." })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() < LATEST, "scheduledFor falls between the years 2000 and 2099.");

const title = z
  .string()
  .trim()
  .min(1, "A title is needed.")
  .max(TITLE_MAX, `A title may be at most ${TITLE_MAX} characters.`)
  .refine((t) => !CONTROL.test(t), "A title is one line of text.");

const notes = z.string().max(NOTES_MAX, `Notes may be at most ${NOTES_MAX} characters.`);

const generationId = z.uuid("generationId is the id of one of your generations.").nullable();
const kitId = z.uuid("kitId is the id of one of your marketing kits.").nullable();
const status = z.enum(["planned", "published"], { error: "status is planned or published." });

export const EntryCreate = z
  .object({
    scheduledFor: instant,
    channel,
    title,
    notes: notes.default(""),
    generationId: generationId.optional(),
    kitId: kitId.optional(),
    status: status.default("planned"),
  })
  .strict();
export type EntryCreate = z.infer<typeof EntryCreate>;

export const EntryPatch = z
  .object({
    scheduledFor: instant.optional(),
    channel: channel.optional(),
    title: title.optional(),
    notes: notes.optional(),
    generationId: generationId.optional(),
    kitId: kitId.optional(),
    status: status.optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), "Say what to change: scheduledFor, channel, title, notes, generationId, kitId or status.");
export type EntryPatch = z.infer<typeof EntryPatch>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A range bound: a date (its UTC midnight, or the next one for an inclusive `to`) or an instant. */
function bound(name: "from" | "to") {
  return z
    .string({ error: `${name} is required: a date (YYYY-MM-DD) or an ISO 8601 instant with its offset.` })
    .refine((value) => (DATE.test(value) ? z.iso.date() : z.iso.datetime({ offset: true })).safeParse(value).success, {
      message: `${name} is a date (YYYY-MM-DD) or an ISO 8601 instant with its offset.`,
      abort: true,
    })
    .transform((value) => {
      const date = new Date(DATE.test(value) ? `${value}T00:00:00Z` : value);
      return name === "to" && DATE.test(value) ? new Date(date.getTime() + DAY_MS) : date;
    });
}

export const CalendarRange = z
  .object({ from: bound("from"), to: bound("to") })
  .refine((r) => r.from.getTime() < r.to.getTime(), { message: "from is after to: the range is empty.", path: ["from"] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= RANGE_MAX_DAYS * DAY_MS, {
    message: `A range may span at most ${RANGE_MAX_DAYS} days.`,
    path: ["to"],
  });
export type CalendarRange = z.infer<typeof CalendarRange>;
