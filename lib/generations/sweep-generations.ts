import "server-only";
import type { Db } from "@/lib/db";
import { getGenerationById, listGenerationsToRefresh, sweepGenerations as sweepStaleGenerations } from "@/lib/db/functions/generations";
import { cancelAtProvider } from "./cancel-at-provider";
import { pruneRateLimits } from "@/lib/db/functions/rate-limits";
import { refreshGeneration } from "./refresh-generation";
import { errorFields, logger } from "@/lib/log/logger";

/** A job still `queued` this long after its reservation was never submitted: its process died. */
const QUEUED_GRACE_SECONDS = Number(process.env.SWEEP_QUEUED_GRACE_SECONDS ?? 90);
/** Running jobs not polled for this long are refreshed by the sweeper. */
const REFRESH_AFTER_SECONDS = Number(process.env.SWEEP_REFRESH_AFTER_SECONDS ?? 20);
const REFRESH_CONCURRENCY = 4;

export type SweepReport = { refreshed: number; finished: number; swept: string[] };

/**
 * One pass of the sweeper: first refresh running jobs nobody polled lately, so that a job that
 * finished at its provider is kept; then fail and refund, once each, the jobs never submitted
 * and those past their model's timeout.
 */
export async function sweepGenerations(db: Db): Promise<SweepReport> {
  const due = await listGenerationsToRefresh(db, REFRESH_AFTER_SECONDS, 50);
  let finished = 0;
  const queue = [...due];
  await Promise.all(
    Array.from({ length: Math.min(REFRESH_CONCURRENCY, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        try {
          const { generation } = await refreshGeneration(db, row);
          if (generation.status !== "running" && generation.status !== "queued") finished++;
        } catch (error) {
          logger.warn({ generationId: row.id, ...errorFields(error) }, "sweeper refresh failed");
        }
      }
    }),
  );
  const { swept } = await sweepStaleGenerations(db, { queuedGraceSeconds: QUEUED_GRACE_SECONDS, limit: 200 });
  for (const generationId of swept) {
    logger.info({ event: "refunded", generationId, outcome: "timeout", by: "sweeper" }, "job");
    // What the provider may still be working on for a job nobody will collect is stopped there.
    const row = await getGenerationById(db, generationId).catch(() => null);
    if (row) await cancelAtProvider(row);
  }
  // The same pass keeps the rate-limit table small: idle buckets are full again anyway.
  await pruneRateLimits(db);
  return { refreshed: due.length, finished, swept };
}
