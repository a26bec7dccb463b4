import "server-only";
import { getDb } from "@/lib/db";
import { sweepGenerations } from "./sweep-generations";
import { errorFields, logger } from "@/lib/log/logger";

const state = globalThis as unknown as { __nexoraSweeper?: NodeJS.Timeout };

/**
 * The sweeper of a long-running server (`next dev`, `next start`): every SWEEP_INTERVAL_SECONDS
 * (10 by default, 0 turns it off). Serverless hosts call /api/cron/sweep on a schedule instead.
 * Several servers may sweep the same database: the SQL claims keep each job finished once.
 */
export function startSweeperTimer(): void {
  const seconds = Number(process.env.SWEEP_INTERVAL_SECONDS ?? 10);
  if (state.__nexoraSweeper || !(seconds > 0)) return;
  let busy = false;
  state.__nexoraSweeper = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await sweepGenerations(await getDb());
    } catch (error) {
      logger.error(errorFields(error), "sweeper pass failed");
    } finally {
      busy = false;
    }
  }, seconds * 1000);
  state.__nexoraSweeper.unref();
}
