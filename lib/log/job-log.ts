import "server-only";
import type { GenerationRow } from "@/lib/db/functions/generations";
import { logger } from "./logger";

export type JobEvent = "reserved" | "running" | "succeeded" | "refunded" | "failed";

/** One line per job transition: which job, whose, on which provider, how long since it was reserved, and the money. */
export function logJob(event: JobEvent, row: GenerationRow, extra: Record<string, unknown> = {}): void {
  const durationMs = Math.max(0, Date.now() - Date.parse(row.created_at));
  logger.info(
    {
      event,
      generationId: row.id,
      userId: row.user_id,
      kind: row.kind,
      model: row.model,
      provider: row.provider,
      price: row.price,
      refunded: row.refunded,
      ...(event === "reserved" ? {} : { durationMs }),
      ...extra,
    },
    "job",
  );
}
