import "server-only";
import { endpointOf, findModel } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import { ProviderError, type JobState } from "@/lib/providers/types";
import { applyJobState, failGeneration, type Applied } from "./apply-job-state";
import { generationError } from "./failure-error";
import { isOpen, type GenerationRow } from "./generation-row";
import { providerOfJob } from "./provider-of-job";

/** At most one provider poll per job in this many seconds, across every process and tab. */
const POLL_INTERVAL_SECONDS = Number(process.env.GENERATION_POLL_INTERVAL_SECONDS ?? 3);

type PollClaim = { claimed: boolean; expired?: boolean; generation?: GenerationRow };

/**
 * Brings an open job up to date: past its timeout it is failed and refunded at once (the sweeper
 * would do the same a little later); otherwise the provider is asked, throttled by a claim in the
 * database. A provider that cannot be reached now is asked again on a later poll.
 */
export async function refreshGeneration(db: Db, row: GenerationRow): Promise<Applied> {
  if (!isOpen(row)) return { generation: row };
  const claim = await db.rpc<PollClaim>("claim_generation_poll", { p_id: row.id, p_min_interval_seconds: POLL_INTERVAL_SECONDS });
  const current = claim.generation ?? row;
  if (claim.expired) return failGeneration(db, current, generationError("timeout", "The job did not finish in time."));
  if (!claim.claimed || !current.provider_job_id) return { generation: current };

  const provider = providerOfJob(current);
  const model = findModel(current.model);
  if (!provider || !model) return { generation: current };
  let state: JobState;
  try {
    state = await provider.status({ model, endpoint: endpointOf(model) }, current.provider_job_id);
  } catch (error) {
    if (!(error instanceof ProviderError)) {
      console.warn(`[generation ${current.id}] status from ${provider.id} failed, will retry:`, error);
      return { generation: current };
    }
    state = { status: "failed", providerJobId: current.provider_job_id, failure: error.failure };
  }
  return applyJobState(db, current, state);
}
