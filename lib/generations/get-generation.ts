import "server-only";
import type { Db } from "@/lib/db";
import { getGeneration as getGenerationRow } from "@/lib/db/functions/generations";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";
import type { GenerationRow } from "./generation-row";
import { toGenerationView, type GenerationView } from "./generation-view";
import { refreshGeneration } from "./refresh-generation";

/** A generation of this user, or a 404 for an unknown id and for another user's alike. */
export async function getGenerationRowOrThrow(db: Db, userId: string, id: string): Promise<GenerationRow> {
  const row = isUuid(id) ? await getGenerationRow(db, userId, id) : null;
  if (!row) throw new ApiError("not_found", "No such generation.");
  return row;
}

/** The status of one generation; a running one is refreshed from its provider first (throttled). */
export async function getGeneration(db: Db, userId: string, id: string): Promise<GenerationView> {
  const row = await getGenerationRowOrThrow(db, userId, id);
  const { generation } = await refreshGeneration(db, row);
  return toGenerationView(generation);
}
