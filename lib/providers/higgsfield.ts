// Higgsfield's documented platform API (PROVIDERS.md section 5) over plain fetch: submit the model
// input to the model's own path, poll /requests/{id}/status, cancel while still queued. There is no
// `POST /v1/generations`; only third-party code ever called one.
import { stateOfHiggsfieldStatus, type HiggsfieldStatusLike } from "./higgsfield-status";
import { buildModelInput } from "./model-inputs";
import { isTransientFailure, providerErrorOf } from "./provider-error-of";
import { ProviderError, TransientProviderError, type JobInput, type JobState, type Provider } from "./types";

export const HIGGSFIELD_DEFAULT_BASE_URL = "https://platform.higgsfield.ai";

export type HiggsfieldProviderOptions = {
  /** `key_id:key_secret`, sent as `Authorization: Key …`. */
  apiKey?: string;
  baseUrl?: string;
  timeoutMs?: number;
};

type Answer = { status: number; body: unknown };

function detailOf(body: unknown): string | undefined {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d: { msg?: unknown }) => String(d?.msg ?? "")).filter(Boolean).join("; ") || undefined;
  return undefined;
}

export function createHiggsfieldProvider(options: HiggsfieldProviderOptions): Provider {
  const baseUrl = (options.baseUrl || HIGGSFIELD_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;

  /** One call; any error answer becomes a ProviderError, so callers only read success bodies. */
  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<Answer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Key ${options.apiKey ?? ""}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw providerErrorOf("Higgsfield", error);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch (error) {
      if (response.ok) throw providerErrorOf("Higgsfield", error);
    }
    if (!response.ok) throw providerErrorOf("Higgsfield", undefined, { status: response.status, message: detailOf(parsed) });
    return { status: response.status, body: parsed };
  }

  function stateOf(body: unknown, knownId?: string): JobState {
    if (!body || typeof body !== "object" || typeof (body as HiggsfieldStatusLike).status !== "string") {
      throw new ProviderError({ kind: "malformed", message: "Higgsfield answered something that is not a request status" });
    }
    return stateOfHiggsfieldStatus(body as HiggsfieldStatusLike, knownId);
  }

  return {
    id: "higgsfield",
    available: () => Boolean(options.apiKey),

    async submit(input: JobInput): Promise<JobState> {
      const query = input.webhookUrl ? `?hf_webhook=${encodeURIComponent(input.webhookUrl)}` : "";
      const path = `/${input.endpoint.replace(/^\/+/, "")}${query}`;
      const { body } = await call("POST", path, buildModelInput(input.model, input.prompt, input.params));
      const state = stateOf(body);
      if (!state.providerJobId) throw new ProviderError({ kind: "malformed", message: "Higgsfield accepted the request without a request id" });
      if (state.status === "failed") throw new ProviderError(state.failure);
      return state;
    },

    async status(_input, requestId): Promise<JobState> {
      try {
        const { body } = await call("GET", `/requests/${encodeURIComponent(requestId)}/status`);
        return stateOf(body, requestId);
      } catch (error) {
        const failure = error instanceof ProviderError ? error : providerErrorOf("Higgsfield", error);
        throw isTransientFailure(failure) ? new TransientProviderError(failure.message, { cause: failure }) : failure;
      }
    },

    async cancel(_input, requestId): Promise<void> {
      try {
        await call("POST", `/requests/${encodeURIComponent(requestId)}/cancel`);
      } catch (error) {
        // 400: the request already started and Higgsfield cannot stop it any more.
        if (error instanceof ProviderError && error.failure.providerStatus === 400) return;
        throw error;
      }
    },
  };
}
