import "server-only";
import { findModel, jobEndpointOf } from "@/lib/catalog";
import { providerOfJob } from "@/lib/providers";
import { errorFields, logger } from "@/lib/log/logger";
import type { GenerationRow } from "./generation-row";

/**
 * Asks the provider to stop the work of a job we failed (its timeout passed): the job's own
 * provider job, or a Director job's step that was still going. Best effort: a provider that
 * cannot cancel, or no longer can, changes nothing here; the refund has happened already.
 */
export async function cancelAtProvider(row: GenerationRow): Promise<void> {
  if (row.status !== "failed") return;
  const model = findModel(row.model);
  const provider = model && providerOfJob(row.provider, model);
  if (!model || !provider?.cancel) return;
  const step = row.steps?.at(-1);
  const jobId = row.steps ? (step?.status === "cancelled" ? step.provider_job_id : undefined) : row.provider_job_id;
  if (!jobId) return;
  try {
    await provider.cancel({ model, endpoint: jobEndpointOf(model, row.params) }, jobId);
  } catch (error) {
    logger.warn({ generationId: row.id, provider: provider.id, ...errorFields(error) }, "cancel at the provider failed");
  }
}
