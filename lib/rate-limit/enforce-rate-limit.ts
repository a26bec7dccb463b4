import "server-only";
import type { Db } from "@/lib/db/types";
import { hitRateLimit } from "@/lib/db/functions/rate-limits";
import { ApiError } from "@/lib/http/api-error";
import { rateLimitOf, type RateLimitBucket } from "./rate-limit-of";

/**
 * Counts one request of `subject` (a user id, a client address) against its bucket, across every
 * instance; over the limit it throws 429 rate_limited with the seconds to wait. Called before
 * anything that costs, so a limited request reserves nothing.
 */
export async function enforceRateLimit(db: Db, bucket: RateLimitBucket, subject: string): Promise<void> {
  const hit = await hitRateLimit(db, { key: `${bucket}:${subject}`, ...rateLimitOf(bucket) });
  if (hit.code === "limited") throw rateLimited(hit.retryAfter);
}

/** The 429 for a request over its limit: SPEC's rate_limited with the seconds to wait. */
export function rateLimited(retryAfter: number): ApiError {
  return new ApiError("rate_limited", `Too many requests. Try again in ${retryAfter} s.`, { retryAfter });
}
