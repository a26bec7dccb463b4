// Where an open job stands, in the words its card uses.

type OpenJob = { status: string; queuePosition?: number | null };

/** Dispatched, and still waiting in its provider's queue (where the provider says how long it is). */
export const waiting = (job: OpenJob) => job.status === "running" && typeof job.queuePosition === "number";

/** "Queued" (not yet sent), "In queue, 2 ahead" or "Next in queue" (at the provider), or "Rendering". */
export function phaseOf(job: OpenJob): string {
  if (job.status === "queued") return "Queued";
  if (!waiting(job)) return "Rendering";
  return job.queuePosition === 0 ? "Next in queue" : `In queue, ${job.queuePosition} ahead`;
}
