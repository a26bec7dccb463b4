import "server-only";
import type { Db } from "@/lib/db";
import { setGenerationFavourite } from "@/lib/db/functions/history";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";

/** Marks or unmarks one of the user's generations as a favourite; anyone else's id is a 404. */
export async function setFavourite(db: Db, userId: string, id: string, favourite: boolean): Promise<{ favourite: boolean }> {
  const result = isUuid(id) ? await setGenerationFavourite(db, userId, id, favourite) : null;
  if (result?.code !== "ok") throw new ApiError("not_found", "No such generation.");
  return { favourite: result.favourite };
}
