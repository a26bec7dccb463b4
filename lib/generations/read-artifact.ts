import "server-only";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { getArtifactStore, type ArtifactBody } from "@/lib/storage/artifact-store";
import { getGenerationRowOrThrow } from "./get-generation";
import type { StoredOutput } from "./generation-row";

/** A stored output of the user's own generation; anything else is a 404, whoever asks. */
export async function readArtifact(
  db: Db,
  userId: string,
  generationId: string,
  file: string,
): Promise<ArtifactBody & { contentType: string }> {
  const row = await getGenerationRowOrThrow(db, userId, generationId);
  // The job's outputs, and what its steps kept on the way (a Director keyframe).
  const kept = [...(row.outputs ?? []), ...(row.steps ?? []).map((s) => s.output?.keyframe as StoredOutput | undefined).filter((o) => o !== undefined)];
  const output = kept.find((o) => o.key === `${row.id}/${file}`);
  if (!output) throw new ApiError("not_found", "No such file.");
  const body = await getArtifactStore().get(output.key);
  if (!body) throw new ApiError("not_found", "The file is no longer stored.");
  return { ...body, contentType: output.contentType };
}
