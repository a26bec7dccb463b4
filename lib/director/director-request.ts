import "server-only";
import type { Db } from "@/lib/db";
import { getCharacter } from "@/lib/db/functions/director";
import type { DirectorRequest, GenerationRequest } from "@/lib/generations/schema";
import { toGenerationRequest } from "@/lib/generations/schema";
import { ApiError } from "@/lib/http/api-error";
import { anchorKeysOf, readAnchors, type Anchor } from "./anchors";

/**
 * A Director request in the domain's shape: uploaded anchors checked from their bytes and named by
 * the keys they will be stored under (stored once the job is reserved), or the user's own saved
 * character (another user's is a 404). The generation's params hold keys, never image bytes.
 */
export async function toDirectorRequest(db: Db, userId: string, input: DirectorRequest): Promise<{ request: GenerationRequest; anchors: Anchor[] }> {
  const request = toGenerationRequest(input);
  if (input.characterId) {
    const character = await getCharacter(db, userId, input.characterId);
    if (!character) throw new ApiError("not_found", "No such character.");
    if (character.status === "failed") {
      throw new ApiError("invalid_request", `${character.name} could not be trained; upload its anchors again to retry.`, { characterId: character.id });
    }
    return { request, anchors: [] };
  }
  const anchors = readAnchors(input.anchors ?? []);
  const { keys, hash } = anchorKeysOf(userId, anchors);
  request.params.anchorKeys = keys;
  request.params.anchorsHash = hash;
  return { request, anchors };
}
