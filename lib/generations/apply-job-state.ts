import "server-only";
import type { Db } from "@/lib/db";
import {
  claimGenerationFinish,
  completeGeneration,
  failGeneration as failGenerationRow,
  markGenerationRunning,
  releaseGenerationFinish,
} from "@/lib/db/functions/generations";
import type { JobState } from "@/lib/providers/types";
import { failureError, generationError, type GenerationError } from "./failure-error";
import type { GenerationRow } from "./generation-row";
import { OutputStoreError, storeOutputs } from "./store-outputs";
import { logJob } from "@/lib/log/job-log";
import { logger } from "@/lib/log/logger";

export type Applied = { generation: GenerationRow; balance?: number };

/** How long a finisher may take to copy outputs before another may try. */
const FINISH_LEASE_SECONDS = 300;

/** Fails and refunds a job; a job already finished stays as it is (the SQL function decides, once). */
export async function failGeneration(db: Db, row: GenerationRow, error: GenerationError & Record<string, unknown>): Promise<Applied> {
  const result = await failGenerationRow(db, row.id, error);
  if (result.code === "refunded") {
    logJob("refunded", result.generation, { outcome: error.code, balance: result.balance });
    return { generation: result.generation, balance: result.balance };
  }
  return { generation: result.code === "already_finished" ? result.generation : row };
}

/**
 * Moves a generation to what its provider reports. Success copies the outputs to durable
 * storage first, under a lease so that a webhook and a poll arriving together copy and complete
 * once; a copy that fails after retries fails the job, which refunds it.
 */
export async function applyJobState(
  db: Db,
  row: GenerationRow,
  state: JobState,
  options: { exclusive?: boolean } = {},
): Promise<Applied> {
  switch (state.status) {
    case "queued":
    case "running": {
      // How many requests wait ahead of it, while the provider still holds it queued and says so.
      const position = state.status === "queued" ? (state.queuePosition ?? null) : null;
      if (row.status === "running" && row.provider_job_id === state.providerJobId && (row.queue_position ?? null) === position) {
        return { generation: row };
      }
      const result = await markGenerationRunning(db, row.id, state.providerJobId, position);
      if (result.code === "ok" && row.status !== "running") logJob("running", result.generation);
      return { generation: result.code === "not_found" ? row : result.generation };
    }
    case "failed": {
      logger.warn({ generationId: row.id, provider: row.provider, failure: state.failure.kind, providerStatus: state.failure.providerStatus, reason: state.failure.message }, "provider failed the job");
      return failGeneration(db, row, { ...failureError(state.failure), providerStatus: state.failure.providerStatus });
    }
    case "succeeded": {
      if (state.outputs.length === 0) {
        logger.warn({ generationId: row.id, provider: row.provider }, "provider finished without outputs");
        return failGeneration(db, row, generationError("empty_output"));
      }
      // A result that came back with the submit itself is known to this request alone: no
      // webhook or poll can race it, so the lease (one more database call) is not needed.
      if (!options.exclusive) {
        const claim = await claimGenerationFinish(db, row.id, FINISH_LEASE_SECONDS);
        if (!claim.claimed) return { generation: "generation" in claim ? claim.generation : row };
      }
      let outputs;
      try {
        outputs = await storeOutputs(row, state.outputs);
      } catch (error) {
        if (error instanceof OutputStoreError) {
          logger.warn({ generationId: row.id, provider: row.provider, code: error.code, reason: error.message }, "outputs not kept");
          return failGeneration(db, row, generationError(error.code));
        }
        if (!options.exclusive) await releaseGenerationFinish(db, row.id).catch(() => {});
        throw error;
      }
      const result = await completeGeneration(db, row.id, outputs, { durable: false });
      if (result.code === "ok") logJob("succeeded", result.generation, { outputs: outputs.length });
      return { generation: result.code === "not_found" ? row : result.generation };
    }
  }
}
