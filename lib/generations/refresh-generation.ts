import "server-only";
import { findModel } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import { claimGenerationPoll } from "@/lib/db/functions/generations";
import { providerOfJob } from "@/lib/providers";
import { failGeneration, type Applied } from "./apply-job-state";
import { generationError } from "./failure-error";
import { isOpen, type GenerationRow } from "./generation-row";
import { pollJob } from "./poll-job";
import { cancelAtProvider } from "./cancel-at-provider";
import { advanceDirectorJob } from "@/lib/director/director-job";

/** At most one provider poll per job in this many seconds, across every process and tab. */
const POLL_INTERVAL_SECONDS = Number(process.env.GENERATION_POLL_INTERVAL_SECONDS ?? 3);

/**
 * Brings an open job up to date: past its timeout it is failed and refunded at once (the sweeper
 * would do the same a little later); otherwise the provider is asked, throttled by a claim in the
 * database. A provider that cannot be reached now is asked again on a later poll.
 */
export async function refreshGeneration(db: Db, row: GenerationRow): Promise<Applied> {
  if (!isOpen(row)) return { generation: row };
  const claim = await claimGenerationPoll(db, row.id, POLL_INTERVAL_SECONDS);
  if (!("generation" in claim)) return { generation: row };
  const current = claim.generation;
  if (claim.expired) {
    const applied = await failGeneration(db, current, generationError("timeout", "The job did not finish in time."));
    await cancelAtProvider(applied.generation);
    return applied;
  }
  if (!claim.claimed || !current.provider_job_id) return { generation: current };

  const model = findModel(current.model);
  // Text is answered by the request that asked for it; nothing upstream can be polled about it.
  if (model?.kind === "chat" || model?.kind === "text") return { generation: current };
  // When configuration changed since dispatch, nobody here can ask about the job; webhooks and
  // the sweeper still end it.
  const provider = model && providerOfJob(current.provider, model);
  if (!model || !provider) return { generation: current };
  if (model.kind === "director") return advanceDirectorJob(db, provider, model, current);
  return pollJob(db, provider, model, { ...current, provider_job_id: current.provider_job_id });
}
