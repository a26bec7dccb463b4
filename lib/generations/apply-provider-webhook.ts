import "server-only";
import type { Db } from "@/lib/db";
import { findGenerationByProviderJob } from "@/lib/db/functions/generations";
import { ApiError } from "@/lib/http/api-error";
import type { JobState } from "@/lib/providers/types";
import { applyJobState } from "./apply-job-state";
import { isOpen } from "./generation-row";

/**
 * Applies a verified completion webhook to the job it names. A job we do not know yet (the
 * webhook overtook the submit's answer) is a 404, so the provider delivers it again later; a
 * job already finished, by a poll or an earlier delivery, stays as it is.
 */
export async function applyProviderWebhook(db: Db, providerId: string, providerJobId: string, state: JobState) {
  const row = await findGenerationByProviderJob(db, providerId, providerJobId);
  if (!row) throw new ApiError("not_found", "No generation has this job id.");
  if (!isOpen(row)) return { id: row.id, status: row.status };
  const { generation } = await applyJobState(db, row, state);
  return { id: generation.id, status: generation.status };
}
