// The contract of the text providers (Gemini, OpenAI chat as fallback): a conversation in, the answer out.
import type { Model } from "@/lib/catalog";
import type { TextFacts } from "./text-facts";

export type ChatTurn = { role: "user" | "assistant"; text: string };

export type TextRequest = {
  model: Model;
  /** The upstream model id (already resolved from configuration). */
  endpoint: string;
  /** The system prompt. */
  system: string;
  /** The conversation, oldest first; the last turn is the user's. */
  turns: ChatTurn[];
  /** Aborts the upstream call (a client that went away). */
  signal?: AbortSignal;
  /** JSON mode: the answer is one JSON document matching this JSON Schema (standard, lower-case types). */
  json?: { name: string; schema: Record<string, unknown> };
  /** What the prompt was written from; only the demo text provider reads it. */
  facts?: TextFacts;
};

export interface TextProvider {
  readonly id: string;
  available(): boolean;
  /** The answer in pieces as the model produces them. Throws ProviderError: "moderation" for a blocked prompt or answer, "empty_output" when nothing came, "timeout", "http", "malformed" otherwise; an abort surfaces as ProviderError kind "cancelled". */
  stream(request: TextRequest): AsyncIterable<string>;
  /** The whole answer (JSON text in JSON mode), same errors. */
  complete(request: TextRequest): Promise<string>;
}
