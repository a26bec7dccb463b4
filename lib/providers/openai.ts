// OpenAI images (DALL·E 2 and 3, PROVIDERS.md section 3) with the official client. The API answers
// in the request itself, so `submit` returns the finished (or failed) job and nothing is polled.
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import { contentTypeOfUrl } from "./content-type-of-url";
import { buildModelInput } from "./model-inputs";
import { providerErrorOf } from "./provider-error-of";
import { ProviderError, type JobInput, type JobState, type Provider, type ProviderOutput } from "./types";

export type OpenAIProviderOptions = {
  apiKey?: string;
  /** Defaults to https://api.openai.com/v1. */
  baseURL?: string;
  /** The whole generation, which can take a minute for DALL·E 3. */
  timeoutMs?: number;
  /** The client retries 408/409/429/5xx; a retried image is a second wait for the user. */
  maxRetries?: number;
};

const MODERATION_CODES = new Set(["content_policy_violation", "moderation_blocked"]);

/**
 * GPT image models take other sizes and qualities and always answer base64, without
 * `response_format`. Translating here keeps a DALL·E model renamed to one by env working.
 */
const GPT_IMAGE_SIZES: Record<string, string> = { "1792x1024": "1536x1024", "1024x1792": "1024x1536", "256x256": "1024x1024", "512x512": "1024x1024" };

function bodyForEndpoint(endpoint: string, input: Record<string, unknown>): Record<string, unknown> {
  if (!endpoint.startsWith("gpt-image")) return { ...input, model: endpoint };
  const { response_format: _format, style: _style, quality, size, ...rest } = input;
  return { ...rest, model: endpoint, size: GPT_IMAGE_SIZES[String(size)] ?? size, quality: quality === "hd" ? "high" : "auto" };
}

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

function outputsOf(data: unknown): ProviderOutput[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((image: { url?: unknown; b64_json?: unknown }): ProviderOutput[] => {
    if (typeof image?.b64_json === "string" && image.b64_json) return [{ type: "inline", base64: image.b64_json, contentType: "image/png" }];
    if (typeof image?.url === "string" && image.url) return [{ type: "url", url: image.url, contentType: contentTypeOfUrl(image.url) ?? "image/png" }];
    return [];
  });
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
      let response: { data?: unknown };
      try {
        const body = bodyForEndpoint(input.endpoint, buildModelInput(input.model, input.prompt, input.params));
        response = await clientOf().images.generate(body as unknown as OpenAI.Images.ImageGenerateParamsNonStreaming);
      } catch (error) {
        throw openAIErrorOf(error);
      }
      if (!response || typeof response !== "object") {
        throw new ProviderError({ kind: "malformed", message: "OpenAI answered something that is not an images response" });
      }
      const outputs = outputsOf(response.data);
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
