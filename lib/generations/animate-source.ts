import "server-only";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { getArtifactStore } from "@/lib/storage/artifact-store";
import { getGenerationRowOrThrow } from "./get-generation";

/** How long the provider may take to fetch the still. */
const SOURCE_URL_SECONDS = 30 * 60;

/**
 * The still an "animate this image" request starts from: one of the user's own succeeded image
 * generations (another user's is a 404, like any id that is not theirs), handed to the provider as
 * a short-lived signed link to its durable copy.
 */
export async function animateSourceUrl(db: Db, userId: string, generationId: string): Promise<string> {
  const source = await getGenerationRowOrThrow(db, userId, generationId);
  if (source.kind !== "image") {
    throw new ApiError("invalid_request", "Only an image can be animated; this generation is a " + source.kind + ".", { imageFrom: generationId });
  }
  const still = source.outputs?.[0];
  if (source.status !== "succeeded" || !still) {
    throw new ApiError("invalid_request", "Only a finished image can be animated; this one has not succeeded.", { imageFrom: generationId });
  }
  return getArtifactStore().signedUrl(still.key, SOURCE_URL_SECONDS);
}
