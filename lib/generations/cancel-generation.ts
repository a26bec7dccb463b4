import "server-only";
import { findModel, jobEndpointOf } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { providerOfJob } from "@/lib/providers";
import { ProviderError, TransientProviderError, type JobState } from "@/lib/providers/types";
import { errorFields, logger } from "@/lib/log/logger";
import { failGeneration } from "./apply-job-state";
import { generationError } from "./failure-error";
import { getGenerationRowOrThrow } from "./get-generation";
import { isOpen, type GenerationRow } from "./generation-row";
import { toGenerationView, type GenerationView } from "./generation-view";

export type CancelResult = { generation: GenerationView; balance?: number };

/** The provider's word on a job: queued means it has not started and can still be stopped. */
async function providerState(row: GenerationRow & { provider_job_id: string }): Promise<JobState["status"] | "unknown"> {
  const model = findModel(row.model);
  const provider = model && providerOfJob(row.provider, model);
  if (!model || !provider) return "unknown";
  try {
    return (await provider.status({ model, endpoint: jobEndpointOf(model, row.params) }, row.provider_job_id)).status;
  } catch (error) {
    if (error instanceof ProviderError || error instanceof TransientProviderError) return "unknown";
    throw error;
  }
}

/**
 * Cancels a job its provider has not started (SPEC section 4): one that was never submitted, one
 * its provider still holds in its queue (which is asked to drop it), or a Director job still on
 * its character. It is refunded once, like any failure. A job already rendering, or finished, is a
 * 409 and keeps going; someone else's is a 404.
 */
export async function cancelGeneration(db: Db, userId: string, id: string): Promise<CancelResult> {
  const row = await getGenerationRowOrThrow(db, userId, id);
  if (!isOpen(row)) throw new ApiError("conflict", `This job has already ${row.status}; there is nothing to cancel.`, { generation: toGenerationView(row) });

  const model = findModel(row.model);
  const provider = model && providerOfJob(row.provider, model);
  if (row.kind === "director") {
    // The character trains for the next job with these photos; only the keyframe and shot render.
    const rendering = (row.steps ?? []).some((step) => step.name !== "character" && step.status !== "cancelled");
    if (rendering) throw new ApiError("conflict", "This shot is already rendering and can no longer be cancelled.");
  } else if (row.provider_job_id) {
    const state = await providerState({ ...row, provider_job_id: row.provider_job_id });
    if (state !== "queued") throw new ApiError("conflict", "The provider has already started this job; it can no longer be cancelled.");
    try {
      await provider?.cancel?.({ model: model!, endpoint: jobEndpointOf(model!, row.params) }, row.provider_job_id);
    } catch (error) {
      logger.warn({ generationId: row.id, provider: row.provider, ...errorFields(error) }, "cancel at the provider failed");
      throw new ApiError("conflict", "The provider could not cancel this job now; it keeps running.");
    }
  }
  const result = await failGeneration(db, row, generationError("cancelled", "You cancelled this job."));
  if (result.generation.status !== "failed" || result.balance === undefined) {
    // Finished by a poll or webhook a moment earlier: it stands as it is.
    throw new ApiError("conflict", `This job has already ${result.generation.status}; there is nothing to cancel.`, { generation: toGenerationView(result.generation) });
  }
  logger.info({ event: "cancelled", generationId: row.id, by: "user" }, "job");
  return { generation: toGenerationView(result.generation), balance: result.balance };
}
