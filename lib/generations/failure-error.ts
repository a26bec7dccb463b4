import type { ProviderFailure } from "@/lib/providers/types";

/** What a failed generation records: a code and a message a user can act on; the raw cause stays in the logs. */
export type GenerationError = { code: string; message: string };

const MESSAGES: Record<string, string> = {
  http: "The provider failed to generate this.",
  timeout: "The provider did not answer in time.",
  malformed: "The provider answered something we could not read.",
  moderation: "The provider refused this prompt for safety reasons.",
  empty_output: "The provider finished without producing anything.",
  rejected: "The provider rejected this request as invalid.",
  cancelled: "The job was cancelled at the provider.",
  storage_failed: "The result could not be saved.",
  output_refused: "The provider's result was refused: it was not a file of the expected kind from the provider's own storage.",
  submit_failed: "The job could not be sent to the provider.",
  character_failed: "The character could not be trained.",
};

export function generationError(code: string, message = MESSAGES[code] ?? MESSAGES.http): GenerationError {
  return { code, message: `${message} Your credits were refunded.` };
}

export function failureError(failure: ProviderFailure): GenerationError {
  return generationError(failure.kind);
}
