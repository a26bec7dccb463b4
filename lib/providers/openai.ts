// OpenAI images on GPT image models (PROVIDERS.md section 3) with the official client. The API
// answers in the request itself, so `submit` returns the finished (or failed) job and nothing is
// polled. The answer is base64 only; its content type follows the `output_format` we asked for.
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import { buildModelInput } from "./model-inputs";
import { providerErrorOf } from "./provider-error-of";
import { ProviderError, type JobInput, type JobState, type Provider, type ProviderOutput } from "./types";

export type OpenAIProviderOptions = {
  apiKey?: string;
  /** Defaults to https://api.openai.com/v1. */
  baseURL?: string;
  /** The whole generation, which can take a minute at high quality. */
  timeoutMs?: number;
  /** The client retries 408/409/429/5xx; a retried image is a second wait for the user. */
  maxRetries?: number;
};

// DALL-E said content_policy_violation; GPT image models say moderation_blocked.
const MODERATION_CODES = new Set(["content_policy_violation", "moderation_blocked"]);

const CONTENT_TYPES: Record<string, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

function openAIErrorOf(error: unknown): ProviderError {
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError({ kind: "timeout", message: "OpenAI did not answer in time" }, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    if (typeof error.code === "string" && MODERATION_CODES.has(error.code)) {
      return new ProviderError({ kind: "moderation", message: `OpenAI refused the prompt: ${error.error ? (error.error as { message?: string }).message ?? error.code : error.code}`, providerStatus: error.status }, { cause: error });
    }
    const message = (error.error as { message?: string } | undefined)?.message;
    return providerErrorOf("OpenAI", error, { status: error.status, message });
  }
  return providerErrorOf("OpenAI", error);
}

function outputsOf(data: unknown, outputFormat: unknown): ProviderOutput[] {
  if (!Array.isArray(data)) return [];
  const contentType = CONTENT_TYPES[String(outputFormat ?? "png")] ?? "image/png";
  return data.flatMap((image: { b64_json?: unknown }): ProviderOutput[] =>
    typeof image?.b64_json === "string" && image.b64_json ? [{ type: "inline", base64: image.b64_json, contentType }] : [],
  );
}

export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  let client: OpenAI | undefined;
  const clientOf = () =>
    (client ??= new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 90_000,
      maxRetries: options.maxRetries ?? 1,
    }));

  return {
    id: "openai",
    available: () => Boolean(options.apiKey),

    async submit(input: JobInput): Promise<JobState> {
      const providerJobId = `openai_${input.generationId}`;
      let response: { data?: unknown; output_format?: unknown };
      const body: Record<string, unknown> = { ...buildModelInput(input.model, input.prompt, input.params), model: input.endpoint };
      try {
        response = await clientOf().images.generate(body as unknown as OpenAI.Images.ImageGenerateParamsNonStreaming);
      } catch (error) {
        throw openAIErrorOf(error);
      }
      if (!response || typeof response !== "object") {
        throw new ProviderError({ kind: "malformed", message: "OpenAI answered something that is not an images response" });
      }
      const outputs = outputsOf(response.data, response.output_format ?? body.output_format);
      if (outputs.length === 0) throw new ProviderError({ kind: "empty_output", message: "OpenAI answered without any image" });
      return { status: "succeeded", providerJobId, outputs };
    },

    // Nothing to poll: a job still open was lost with its request (the process died mid-call).
    async status(_input, providerJobId): Promise<JobState> {
      return {
        status: "failed",
        providerJobId,
        failure: { kind: "http", message: "OpenAI images are answered in the request; this one was lost before its answer" },
      };
    },
  };
}
