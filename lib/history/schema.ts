// What GET /api/generations accepts: paging plus the History page's filters. Every parameter is
// checked here, so a mistyped filter is a 400 naming it rather than a silently unfiltered list.
import { z } from "zod";
import { findModel } from "@/lib/catalog";
import { ApiError } from "@/lib/http/api-error";
import { HISTORY_KINDS, HISTORY_STATUSES, SEARCH_MAX, type HistoryKind } from "./history-item";

/** What an unfiltered list shows: media. Text work is listed where it lives, unless asked for. */
export const MEDIA_KINDS: readonly HistoryKind[] = ["image", "video", "director"];
export const LIMIT_MAX = 100;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// A calendar date that exists (no February 30th).
const date = (name: string) => z.iso.date({ message: `${name} is a date written YYYY-MM-DD, such as 2026-12-03.` });

const flag = z.enum(["true", "false", "1", "0"], { message: "favourites is true or false." }).transform((v) => v === "true" || v === "1");

const limitMessage = `limit is a whole number from 1 to ${LIMIT_MAX}.`;

export const HistoryQuery = z
  .object({
    limit: z.coerce.number({ message: limitMessage }).int(limitMessage).min(1, limitMessage).max(LIMIT_MAX, limitMessage).default(20),
    cursor: z.string().max(200, "The cursor is not valid.").optional(),
    kind: z.enum([...HISTORY_KINDS, "all"], { message: `kind is one of ${HISTORY_KINDS.join(", ")}, or all.` }).optional(),
    model: z
      .string()
      .refine((id) => findModel(id) !== undefined, { message: "model is the id of a model in the catalog, such as flux-schnell." })
      .optional(),
    status: z.enum(HISTORY_STATUSES, { message: `status is one of ${HISTORY_STATUSES.join(", ")}.` }).optional(),
    from: date("from").optional(),
    to: date("to").optional(),
    tz: z.string().max(64).refine(isTimeZone, { message: "tz is an IANA time zone, such as Europe/Berlin." }).default("UTC"),
    q: z
      .string()
      .max(SEARCH_MAX, `A search may be at most ${SEARCH_MAX} characters.`)
      .transform((s) => s.trim())
      .optional(),
    favourites: flag.optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.to < query.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "to is a date on or after from." });
    }
    const model = query.model ? findModel(query.model) : undefined;
    if (model && query.kind && query.kind !== "all" && model.kind !== query.kind) {
      ctx.addIssue({ code: "custom", path: ["model"], message: `${model.id} makes ${model.kind}, not ${query.kind}.` });
    }
  });

export type HistoryQuery = z.infer<typeof HistoryQuery>;

const PARAMETERS = Object.keys(HistoryQuery.shape ?? {}) as string[];

/** The query of a history request, each parameter given at most once and known. */
export function readHistoryQuery(params: URLSearchParams): HistoryQuery {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!PARAMETERS.includes(key)) {
      throw new ApiError("invalid_request", `Unknown query parameter "${key.slice(0, 40)}". History takes ${PARAMETERS.join(", ")}.`);
    }
    if (seen.has(key)) throw new ApiError("invalid_request", `The query parameter "${key}" is given more than once.`);
    seen.add(key);
  }
  return HistoryQuery.parse(Object.fromEntries(params));
}
