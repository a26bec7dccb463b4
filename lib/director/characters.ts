import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { getCharacter, listCharacters, renameCharacter, type CharacterRow } from "@/lib/db/functions/director";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";

export const CharacterRename = z.object({ name: z.string().trim().min(1, "Name the character.").max(100, "A character's name may be at most 100 characters.") }).strict();

/** A saved character as the API shows it: no provider ids, no storage keys, no images. */
export function toCharacterView(row: CharacterRow) {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    anchorCount: row.anchor_keys.length,
    error: row.status === "failed" ? row.error : null,
    createdAt: row.created_at,
  };
}
export type CharacterView = ReturnType<typeof toCharacterView>;

export async function readCharacters(db: Db, userId: string): Promise<CharacterView[]> {
  return (await listCharacters(db, userId, 100)).map(toCharacterView);
}

/** The user's own character; an unknown id and another user's alike are a 404. */
export async function readCharacter(db: Db, userId: string, id: string): Promise<CharacterView> {
  const row = isUuid(id) ? await getCharacter(db, userId, id) : null;
  if (!row) throw new ApiError("not_found", "No such character.");
  return toCharacterView(row);
}

export async function renameSavedCharacter(db: Db, userId: string, id: string, name: string): Promise<CharacterView> {
  const row = isUuid(id) ? await renameCharacter(db, userId, id, name) : null;
  if (!row) throw new ApiError("not_found", "No such character.");
  return toCharacterView(row);
}
