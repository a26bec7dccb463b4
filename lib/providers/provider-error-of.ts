// The failure kinds every adapter shares: what an HTTP status, a timeout, an unreadable body or an
// unreachable host mean for a job. Adapters first recognise their provider's own refusals
// (moderation, empty output) and hand everything else to this.
import { ProviderError, type FailureKind } from "./types";

/** What an HTTP error status says about a job. */
export function failureKindOfStatus(status: number): FailureKind {
  if (status === 408) return "timeout";
  if (status === 429 || status >= 500) return "http";
  if (status === 400 || status === 409 || status === 413 || status === 422) return "rejected";
  return "http";
}

export function isTimeoutError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError" || name === "APIConnectionTimeoutError") return true;
  }
  return false;
}

/**
 * A ProviderError for any failure of a call to `provider`. `http` carries the status and the
 * provider's own message when the call got an error answer.
 */
export function providerErrorOf(provider: string, error: unknown, http?: { status: number; message?: string }): ProviderError {
  if (error instanceof ProviderError) return error;
  if (http) {
    const detail = http.message ? `: ${http.message}` : "";
    return new ProviderError(
      { kind: failureKindOfStatus(http.status), message: `${provider} answered HTTP ${http.status}${detail}`, providerStatus: http.status },
      { cause: error },
    );
  }
  if (isTimeoutError(error)) {
    return new ProviderError({ kind: "timeout", message: `${provider} did not answer in time` }, { cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({ kind: "malformed", message: `${provider} answered a body that is not valid JSON` }, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderError({ kind: "http", message: `${provider} could not be reached: ${reason}` }, { cause: error });
}

/**
 * Whether a failed status poll says nothing about the job itself (the provider was briefly down,
 * slow or garbled), so the next poll may well succeed.
 */
export function isTransientFailure(error: ProviderError): boolean {
  const { kind, providerStatus } = error.failure;
  if (kind === "timeout" || kind === "malformed") return true;
  return kind === "http" && (providerStatus === undefined || providerStatus === 429 || providerStatus >= 500);
}
