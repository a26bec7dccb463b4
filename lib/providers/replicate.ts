// Replicate predictions by model (PROVIDERS.md section 2) with the official client. Never `run()`:
// it waits inside the request and misreads a `processing` answer as the result.
import Replicate from "replicate";
import { buildModelInput } from "./model-inputs";
import { isTransientFailure, providerErrorOf } from "./provider-error-of";
import { stateOfPrediction, type PredictionLike } from "./replicate-prediction";
import { ProviderError, TransientProviderError, type JobInput, type JobState, type Provider } from "./types";

export type ReplicateProviderOptions = {
  auth?: string;
  /** Defaults to https://api.replicate.com/v1. */
  baseUrl?: string;
  /** Per call, retries included: the client retries GETs on 5xx. */
  timeoutMs?: number;
};

type ReplicateApiError = Error & { response?: Response };

function replicateErrorOf(error: unknown): ProviderError {
  const response = (error as ReplicateApiError)?.response;
  if (error instanceof Error && error.name === "ApiError" && response) {
    // The client's message embeds the whole answer; the `detail` field is what a person can read.
    const detail = /"detail"\s*:\s*"([^"]*)"/.exec(error.message)?.[1];
    return providerErrorOf("Replicate", error, { status: response.status, message: detail });
  }
  return providerErrorOf("Replicate", error);
}

function stateOrMalformed(prediction: unknown): JobState {
  if (!prediction || typeof prediction !== "object" || typeof (prediction as PredictionLike).id !== "string") {
    throw new ProviderError({ kind: "malformed", message: "Replicate answered something that is not a prediction" });
  }
  return stateOfPrediction(prediction as PredictionLike);
}

/** `owner/name` runs the model's latest version; `owner/name:version` pins one. */
function targetOf(endpoint: string): { model: string } | { version: string } {
  const [model, version] = endpoint.split(":");
  return version ? { version } : { model: model! };
}

export function createReplicateProvider(options: ReplicateProviderOptions): Provider {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let client: Replicate | undefined;
  const clientOf = () => (client ??= new Replicate({ auth: options.auth, baseUrl: options.baseUrl, useFileOutput: false }));

  return {
    id: "replicate",
    available: () => Boolean(options.auth),

    async submit(input: JobInput): Promise<JobState> {
      let prediction: unknown;
      try {
        prediction = await clientOf().predictions.create({
          ...targetOf(input.endpoint),
          input: buildModelInput(input.model, input.prompt, input.params),
          ...(input.webhookUrl ? { webhook: input.webhookUrl, webhook_events_filter: ["completed"] as const } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        } as Parameters<Replicate["predictions"]["create"]>[0]);
      } catch (error) {
        throw replicateErrorOf(error);
      }
      const state = stateOrMalformed(prediction);
      if (state.status === "failed") throw new ProviderError(state.failure);
      return state;
    },

    async status(_input, predictionId): Promise<JobState> {
      try {
        return stateOrMalformed(await clientOf().predictions.get(predictionId, { signal: AbortSignal.timeout(timeoutMs) }));
      } catch (error) {
        const failure = replicateErrorOf(error);
        throw isTransientFailure(failure) ? new TransientProviderError(failure.message, { cause: failure }) : failure;
      }
    },

    async cancel(_input, predictionId): Promise<void> {
      try {
        await clientOf().predictions.cancel(predictionId, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw replicateErrorOf(error);
      }
    },
  };
}
