import type { JobInput, JobState, Provider } from "@/lib/providers/types";

/** Polls a provider job up to ten times, stopping at the first terminal state; answers every state seen. */
export async function pollJobUntilDone(provider: Provider, ref: Pick<JobInput, "model" | "endpoint">, providerJobId: string): Promise<JobState[]> {
  const seen: JobState[] = [];
  for (let i = 0; i < 10; i++) {
    const state = await provider.status(ref, providerJobId);
    seen.push(state);
    if (state.status === "succeeded" || state.status === "failed") return seen;
  }
  return seen;
}
