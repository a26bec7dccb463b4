import "server-only";
import { jobEndpointOf, type Model } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import { ProviderError, type JobState, type Provider } from "@/lib/providers/types";
import { applyJobState, type Applied } from "./apply-job-state";
import type { GenerationRow } from "./generation-row";
import { errorFields, logger } from "@/lib/log/logger";

/** The state a job is in after its provider threw: any throw on submit fails it (and refunds it). */
export function failedJobState(error: unknown, providerJobId?: string): JobState {
  const failure = error instanceof ProviderError ? error.failure : { kind: "http" as const, message: (error as Error)?.message ?? String(error) };
  return { status: "failed", providerJobId, failure };
}

/**
 * Asks the provider where a dispatched job stands and applies the answer. A poll that failed in a
 * way that says nothing about the job (the provider briefly down, slow, or answering garbage)
 * leaves the job as it is, to be asked again; the sweeper ends it if that never clears.
 */
export async function pollJob(db: Db, provider: Provider, model: Model, row: GenerationRow & { provider_job_id: string }): Promise<Applied> {
  let state: JobState;
  try {
    state = await provider.status({ model, endpoint: jobEndpointOf(model, row.params) }, row.provider_job_id);
  } catch (error) {
    if (!(error instanceof ProviderError)) {
      logger.warn({ generationId: row.id, provider: provider.id, ...errorFields(error) }, "status poll failed; will retry");
      return { generation: row };
    }
    state = failedJobState(error, row.provider_job_id);
  }
  return applyJobState(db, row, state);
}
