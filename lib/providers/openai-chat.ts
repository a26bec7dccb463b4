// OpenAI Chat Completions as the text fallback (PROVIDERS.md sections 3 and 4) with the official client.
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import { providerErrorOf } from "./provider-error-of";
import type { TextProvider, TextRequest } from "./text-types";
import { ProviderError } from "./types";

export type OpenAIChatProviderOptions = {
  apiKey?: string;
  /** Defaults to https://api.openai.com/v1. */
  baseURL?: string;
  /** The whole call, the streamed body included. */
  timeoutMs?: number;
  /** The client retries 408/409/429/5xx and connection errors. */
  maxRetries?: number;
  reasoningEffort?: "low" | "medium" | "high";
};

const MODERATION_CODES = new Set(["content_policy_violation", "moderation_blocked"]);

type Signals = { caller?: AbortSignal; deadline: AbortSignal };

const cancelled = (cause?: unknown) => new ProviderError({ kind: "cancelled", message: "The OpenAI request was cancelled" }, { cause });
const timedOut = (cause?: unknown) => new ProviderError({ kind: "timeout", message: "OpenAI did not answer in time" }, { cause });
const refused = (detail: string) => new ProviderError({ kind: "moderation", message: `OpenAI refused to answer: ${detail}` });
const empty = () => new ProviderError({ kind: "empty_output", message: "OpenAI finished without any text" });

/** The gpt-6 models reason: they take `reasoning_effort` and refuse temperature and top_p, so neither is sent. */
function messagesOf(request: TextRequest): OpenAI.Chat.ChatCompletionMessageParam[] {
  return [{ role: "developer", content: request.system }, ...request.turns.map((turn) => ({ role: turn.role, content: turn.text }))];
}

function chatErrorOf(error: unknown, signals: Signals): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signals.caller?.aborted) return cancelled(error);
  if (signals.deadline.aborted || error instanceof APIConnectionTimeoutError) return timedOut(error);
  if (error instanceof APIError) {
    const message = (error.error as { message?: string } | undefined)?.message;
    if (typeof error.code === "string" && MODERATION_CODES.has(error.code)) {
      return new ProviderError({ kind: "moderation", message: `OpenAI refused the prompt: ${message ?? error.code}`, providerStatus: error.status }, { cause: error });
    }
    // An error event inside a stream carries no status.
    if (error.status === undefined) {
      return new ProviderError({ kind: "http", message: `OpenAI failed mid-answer: ${message ?? error.message}` }, { cause: error });
    }
    return providerErrorOf("OpenAI", error, { status: error.status, message });
  }
  return providerErrorOf("OpenAI", error);
}

export function createOpenAIChatProvider(options: OpenAIChatProviderOptions): TextProvider {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const reasoningEffort = options.reasoningEffort ?? "low";
  let client: OpenAI | undefined;
  const clientOf = () => {
    if (!options.apiKey) throw new ProviderError({ kind: "http", message: "OpenAI is not configured (no API key)" });
    return (client ??= new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: timeoutMs, maxRetries: options.maxRetries ?? 1 }));
  };
  // The client's own timeout ends when the headers arrive; this one also bounds the streamed body.
  const signalsOf = (request: TextRequest): Signals & { signal: AbortSignal } => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return { caller: request.signal, deadline, signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline };
  };

  return {
    id: "openai",
    available: () => Boolean(options.apiKey),

    async *stream(request: TextRequest): AsyncIterable<string> {
      const openai = clientOf();
      const signals = signalsOf(request);
      let produced = false;
      try {
        const chunks = await openai.chat.completions.create(
          {
            model: request.endpoint,
            messages: messagesOf(request),
            reasoning_effort: reasoningEffort,
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal: signals.signal },
        );
        for await (const chunk of chunks) {
          // The usage chunk has no choices.
          const choice = chunk.choices[0];
          if (!choice) continue;
          if (choice.delta?.refusal) throw refused(choice.delta.refusal);
          if (choice.delta?.content) {
            produced = true;
            yield choice.delta.content;
          }
          if (choice.finish_reason === "content_filter") throw refused("the content filter stopped the answer");
        }
      } catch (error) {
        throw chatErrorOf(error, signals);
      }
      // An abort mid-stream ends the SDK's loop without an error.
      if (signals.caller?.aborted) throw cancelled();
      if (signals.deadline.aborted) throw timedOut();
      if (!produced) throw empty();
    },

    async complete(request: TextRequest): Promise<string> {
      const openai = clientOf();
      const signals = signalsOf(request);
      let completion: OpenAI.Chat.ChatCompletion;
      try {
        completion = await openai.chat.completions.create(
          {
            model: request.endpoint,
            messages: messagesOf(request),
            reasoning_effort: reasoningEffort,
            ...(request.json && {
              response_format: { type: "json_schema", json_schema: { name: request.json.name, schema: request.json.schema, strict: true } },
            }),
          },
          { signal: signals.signal },
        );
      } catch (error) {
        throw chatErrorOf(error, signals);
      }
      const choice = completion?.choices?.[0];
      if (!choice) throw new ProviderError({ kind: "malformed", message: "OpenAI answered a completion without choices" });
      if (choice.message?.refusal) throw refused(choice.message.refusal);
      if (choice.finish_reason === "content_filter") throw refused("the content filter stopped the answer");
      if (!choice.message?.content) throw empty();
      return choice.message.content;
    },
  };
}
