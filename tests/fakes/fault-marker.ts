// Faults a test can ask a fake for, either for every request (setBehaviour) or per prompt with a
// marker such as "a cat [fake:moderation]".
export const FAKE_FAULTS = [
  "500", // the provider answers HTTP 500 (on submit)
  "timeout", // the provider never answers the submit request
  "malformed", // the provider answers 200 with a body that is not JSON
  "moderation", // the provider refuses the prompt or flags the output
  "empty", // the job succeeds without outputs
  "404-output", // the job succeeds, but its output URL answers 404
  "redirect-output", // the job succeeds, but its output URL redirects to the fake's `redirectTo` (an internal address)
  "never", // the job is accepted and never finishes
  "slow", // the job finishes only after the fake's slowMs
  "rejected", // the provider refuses the input as invalid (4xx validation)
  "failed", // the job runs and then fails with a model error
  "cut", // a text stream sends a few pieces, then an error event
] as const;

export type FakeFault = (typeof FAKE_FAULTS)[number];

const MARKER = /\[fake:([a-z0-9-]+)\]/i;

/** The fault a prompt asks for, if any. */
export function faultOf(prompt: unknown): FakeFault | undefined {
  if (typeof prompt !== "string") return undefined;
  const name = MARKER.exec(prompt)?.[1]?.toLowerCase();
  return (FAKE_FAULTS as readonly string[]).includes(name ?? "") ? (name as FakeFault) : undefined;
}
