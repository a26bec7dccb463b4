// Gemini text through `@google/genai` (PROVIDERS.md section 4): streamed chat answers and whole JSON documents.
import { ApiError, GoogleGenAI, type Content, type GenerateContentConfig, type GenerateContentResponse } from "@google/genai";
import { providerErrorOf } from "./provider-error-of";
import type { TextProvider, TextRequest } from "./text-types";
import { ProviderError } from "./types";

export type GeminiProviderOptions = {
  apiKey?: string;
  /** Defaults to https://generativelanguage.googleapis.com. */
  baseUrl?: string;
  /** The whole call, the streamed body included. */
  timeoutMs?: number;
};

/** Finish reasons that mean the answer was stopped for safety, policy or recitation. */
const BLOCKED_FINISH = new Set(["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION"]);

/** Errors the SDK throws for a body it cannot parse. */
const MALFORMED_MESSAGES = /exception parsing stream chunk|Incomplete JSON segment/;

const cancelled = (cause?: unknown) => new ProviderError({ kind: "cancelled", message: "The Gemini request was cancelled" }, { cause });

function contentsOf(request: TextRequest): Content[] {
  return request.turns.map((turn) => ({ role: turn.role === "assistant" ? "model" : "user", parts: [{ text: turn.text }] }));
}

/** No sampling parameters: Gemini 3.6+ ignores temperature/topP/topK and refuses penalties. */
function configOf(request: TextRequest, signal: AbortSignal | undefined): GenerateContentConfig {
  const config: GenerateContentConfig = { abortSignal: signal };
  if (request.system) config.systemInstruction = request.system;
  if (request.json) {
    config.responseMimeType = "application/json";
    config.responseJsonSchema = request.json.schema;
  }
  return config;
}

/** The answer's text, without thought parts (the SDK's `.text` warns on anything else). */
function textOf(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((part) => (typeof part.text === "string" && !part.thought ? part.text : "")).join("");
}

function throwIfBlocked(response: GenerateContentResponse): void {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) throw new ProviderError({ kind: "moderation", message: `Gemini blocked the prompt (${blockReason})` });
  const finishReason = response.candidates?.[0]?.finishReason;
  if (finishReason && BLOCKED_FINISH.has(finishReason)) {
    throw new ProviderError({ kind: "moderation", message: `Gemini stopped the answer (${finishReason})` });
  }
}

function geminiErrorOf(error: unknown, signal: AbortSignal | undefined): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted) return cancelled(error);
  if (error instanceof ApiError) {
    let body: { error?: { message?: string; status?: string } } | undefined;
    try {
      body = JSON.parse(error.message);
    } catch {
      body = undefined;
    }
    const message = body?.error?.message ?? error.message;
    const mapped = providerErrorOf("Gemini", error, { status: error.status, message });
    // A bad key or an account without access is our configuration, not the user's input.
    if (mapped.failure.kind === "rejected" && (/API_KEY_INVALID|API key not valid/.test(error.message) || body?.error?.status === "FAILED_PRECONDITION")) {
      return new ProviderError({ ...mapped.failure, kind: "http" }, { cause: error });
    }
    return mapped;
  }
  if (error instanceof Error && MALFORMED_MESSAGES.test(error.message)) {
    return new ProviderError({ kind: "malformed", message: "Gemini answered a stream that could not be read" }, { cause: error });
  }
  return providerErrorOf("Gemini", error);
}

export function createGeminiProvider(options: GeminiProviderOptions): TextProvider {
  let client: GoogleGenAI | undefined;
  const clientOf = () => {
    // Without a key the SDK would fall back to Google's default credentials.
    if (!options.apiKey) throw new ProviderError({ kind: "http", message: "Gemini is not configured (no API key)" });
    return (client ??= new GoogleGenAI({
      apiKey: options.apiKey,
      vertexai: false,
      httpOptions: { baseUrl: options.baseUrl, timeout: options.timeoutMs ?? 120_000 },
    }));
  };

  return {
    id: "gemini",
    available: () => Boolean(options.apiKey),

    async *stream(request: TextRequest): AsyncIterable<string> {
      const ai = clientOf();
      // Leaving the loop early does not end the SDK's HTTP body: abort it ourselves on the way out.
      const local = new AbortController();
      const signal = request.signal ? AbortSignal.any([request.signal, local.signal]) : local.signal;
      let produced = false;
      try {
        const chunks = await ai.models.generateContentStream({ model: request.endpoint, contents: contentsOf(request), config: configOf(request, signal) });
        for await (const chunk of chunks) {
          throwIfBlocked(chunk);
          const text = textOf(chunk);
          if (text) {
            produced = true;
            yield text;
          }
        }
      } catch (error) {
        throw geminiErrorOf(error, request.signal);
      } finally {
        local.abort();
      }
      if (request.signal?.aborted) throw cancelled();
      if (!produced) throw new ProviderError({ kind: "empty_output", message: "Gemini finished without any text" });
    },

    async complete(request: TextRequest): Promise<string> {
      const ai = clientOf();
      let response: GenerateContentResponse;
      try {
        response = await ai.models.generateContent({ model: request.endpoint, contents: contentsOf(request), config: configOf(request, request.signal) });
      } catch (error) {
        throw geminiErrorOf(error, request.signal);
      }
      throwIfBlocked(response);
      const text = textOf(response);
      if (!text) throw new ProviderError({ kind: "empty_output", message: "Gemini finished without any text" });
      return text;
    },
  };
}
