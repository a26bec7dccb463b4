// fal.ai through its queue (PROVIDERS.md section 1) with the official client: submit, then status
// and result polls under the app's owner/alias path, cancel where fal still can.
import { ApiError, createFalClient, type FalClient } from "@fal-ai/client";
import { falFailureOf } from "./fal-failure";
import { stateOfFalOutput } from "./fal-output";
import { buildModelInput } from "./model-inputs";
import { isTransientFailure, providerErrorOf } from "./provider-error-of";
import { ProviderError, TransientProviderError, type JobInput, type JobState, type Provider } from "./types";

/** fal's `queue_position` (requests ahead, on submit and while IN_QUEUE), when it is a count. */
const queuePositionOf = (value: unknown): number | undefined => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);

/** The host the client hard-codes for queue calls; FAL_BASE_URL replaces it. */
const FAL_QUEUE_HOST = "https://queue.fal.run";

export type FalProviderOptions = {
  credentials?: string;
  /** Replaces https://queue.fal.run (a gateway, a proxy, a test fake). */
  baseUrl?: string;
  /** Per call; a call that takes longer fails as a timeout. */
  timeoutMs?: number;
};

class FalHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`fal answered HTTP ${status}`);
    this.name = "FalHttpError";
  }
}

/**
 * Replaces the client's default handler for submit, status and cancel. The client retries its own
 * ApiError with backoffs of seconds inside one call (status five times, even on 500); our
 * pipeline polls anyway, so an error surfaces at once and the next poll is the retry.
 */
async function readFalResponse(response: Response): Promise<unknown> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch (error) {
    if (response.ok) {
      throw new ProviderError({ kind: "malformed", message: "fal answered a body that is not valid JSON" }, { cause: error });
    }
  }
  if (!response.ok) throw new FalHttpError(response.status, body);
  return body;
}

function falErrorOf(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof FalHttpError || error instanceof ApiError) {
    return new ProviderError(falFailureOf(error.status, error.body), { cause: error });
  }
  return providerErrorOf("fal", error);
}

/** A failed poll: transient faults keep the job; anything else (unknown request, bad key) ends it. */
function pollErrorOf(error: unknown): Error {
  const failure = falErrorOf(error);
  return isTransientFailure(failure) ? new TransientProviderError(failure.message, { cause: failure }) : failure;
}

export function createFalProvider(options: FalProviderOptions): Provider {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseUrl = options.baseUrl?.replace(/\/+$/, "");
  let client: FalClient | undefined;

  const clientOf = () =>
    (client ??= createFalClient({
      credentials: options.credentials,
      // The client has no base URL option, and a plain proxyUrl is ignored on the server.
      requestMiddleware: async (request) =>
        baseUrl && request.url.startsWith(FAL_QUEUE_HOST) ? { ...request, url: baseUrl + request.url.slice(FAL_QUEUE_HOST.length) } : request,
      responseHandler: readFalResponse,
    }));

  return {
    id: "fal",
    available: () => Boolean(options.credentials),

    async submit(input: JobInput): Promise<JobState> {
      let submitted: { request_id?: unknown; queue_position?: unknown };
      try {
        submitted = await clientOf().queue.submit(input.endpoint, {
          input: buildModelInput(input.model, input.prompt, input.params),
          webhookUrl: input.webhookUrl,
          abortSignal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw falErrorOf(error);
      }
      if (typeof submitted?.request_id !== "string" || !submitted.request_id) {
        throw new ProviderError({ kind: "malformed", message: "fal accepted the job without a request id" });
      }
      return { status: "queued", providerJobId: submitted.request_id, queuePosition: queuePositionOf(submitted.queue_position) };
    },

    async status({ endpoint }, requestId): Promise<JobState> {
      let status: { status?: unknown; queue_position?: unknown };
      try {
        status = await clientOf().queue.status(endpoint, { requestId, logs: false, abortSignal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw pollErrorOf(error);
      }
      if (status.status === "IN_QUEUE") return { status: "queued", providerJobId: requestId, queuePosition: queuePositionOf(status.queue_position) };
      if (status.status !== "COMPLETED") return { status: "running", providerJobId: requestId };
      try {
        const result = await clientOf().queue.result(endpoint, { requestId, abortSignal: AbortSignal.timeout(timeoutMs) });
        return stateOfFalOutput(requestId, result.data);
      } catch (error) {
        // A completed job that failed answers its error as the status of the result call.
        const failure = falErrorOf(error);
        if (failure.failure.kind === "timeout" || (failure.failure.kind === "http" && failure.failure.providerStatus === undefined)) {
          throw new TransientProviderError(failure.message, { cause: failure });
        }
        return { status: "failed", providerJobId: requestId, failure: failure.failure };
      }
    },

    async cancel({ endpoint }, requestId): Promise<void> {
      try {
        await clientOf().queue.cancel(endpoint, { requestId, abortSignal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        // Already finished or unknown: there is nothing left to stop.
        if (error instanceof FalHttpError && (error.status === 400 || error.status === 404)) return;
        throw falErrorOf(error);
      }
    },
  };
}
