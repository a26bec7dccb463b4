import type { Model } from "@/lib/catalog";

/** An operator's cap on every model's timeout (seconds), for an upstream that is known to stall. */
const TIMEOUT_CAP_SECONDS = Number(process.env.GENERATION_TIMEOUT_SECONDS) || Infinity;

/**
 * Seconds after which the sweeper refunds a job: the provider's own bound where it has one, else
 * the model's, never past the operator's cap. Media jobs and text answers alike.
 */
export function timeoutSecondsOf(model: Model, provider?: { jobTimeoutSeconds?: number }): number {
  return Math.min(provider?.jobTimeoutSeconds ?? model.timeoutSeconds, TIMEOUT_CAP_SECONDS);
}
