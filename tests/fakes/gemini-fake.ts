// A local Gemini API (PROVIDERS.md section 4) that the real `@google/genai` client runs against unchanged.
import { randomUUID } from "node:crypto";
import { startFakeServer, type FakeEventStream, type FakeReply, type RecordedRequest } from "./fake-server";
import { faultOf, type FakeFault } from "./fault-marker";
import { jsonFromSchema } from "./json-from-schema";

/** Model ids Google has shut down: calls get 404 NOT_FOUND. */
const RETIRED_MODEL = /^gemini-(1\.0|1\.5|2\.0)(-|$)/;

type Behaviour = {
  fault?: FakeFault;
  /** The answer's text instead of the echo (plain mode). */
  text?: string;
  /** The answer's text in JSON mode instead of the document derived from the schema. */
  jsonText?: string;
  /** The last event's finishReason (e.g. "SAFETY" for an answer stopped after some text). */
  finishReason?: string;
  chunkDelayMs: number;
  slowMs: number;
};
const DEFAULT: Behaviour = { chunkDelayMs: 30, slowMs: 2_000 };

export type GeminiRecordedRequest = RecordedRequest;

type Part = { text?: unknown; thought?: unknown };
type Content = { role?: unknown; parts?: unknown };
type GenerateBody = {
  contents?: unknown;
  systemInstruction?: unknown;
  generationConfig?: Record<string, unknown>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function textOfContent(content: unknown): string {
  if (typeof content === "string") return content;
  const parts = (content as Content | undefined)?.parts;
  return Array.isArray(parts) ? parts.map((part: Part) => (typeof part?.text === "string" ? part.text : "")).join("") : "";
}

function errorBody(code: number, status: string, message: string, reason?: string) {
  const details = reason ? [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com" }] : undefined;
  return { error: { code, message, status, ...(details && { details }) } };
}

/** The first thing in the request the real API would refuse, if any. */
function refusalOf(body: GenerateBody): ReturnType<typeof errorBody> | undefined {
  const invalid = (message: string) => errorBody(400, "INVALID_ARGUMENT", message);
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) return invalid("* GenerateContentRequest.contents: contents is not specified");
  for (const [i, content] of (contents as Content[]).entries()) {
    if (content?.role !== "user" && content?.role !== "model") return invalid(`* GenerateContentRequest.contents[${i}].role: must be "user" or "model"`);
    if (!Array.isArray(content.parts) || content.parts.length === 0) return invalid(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`);
  }
  if ((contents as Content[]).at(-1)!.role === "model") {
    return invalid("Model prefill is not supported for this model: the last content must have role \"user\".");
  }
  const config = body.generationConfig ?? {};
  for (const name of ["presencePenalty", "frequencyPenalty"]) {
    if (name in config) return invalid(`Penalty is not enabled for this model: remove generationConfig.${name}.`);
  }
  if (config.responseJsonSchema !== undefined && config.responseSchema !== undefined) {
    return invalid("responseSchema and responseJsonSchema cannot both be set.");
  }
  if ((config.responseJsonSchema !== undefined || config.responseSchema !== undefined) && config.responseMimeType !== "application/json") {
    return invalid("A response schema requires responseMimeType \"application/json\".");
  }
  return undefined;
}

/** The answer split in pieces: three words each, at least three pieces. */
function piecesOf(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  if (words.length >= 9) {
    const pieces: string[] = [];
    for (let i = 0; i < words.length; i += 3) pieces.push(words.slice(i, i + 3).join(""));
    return pieces;
  }
  const count = Math.min(Math.max(3, Math.ceil(text.length / 24)), Math.max(text.length, 1));
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, i) => text.slice(i * size, (i + 1) * size)).filter(Boolean);
}

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

const json = (status: number, body: unknown): FakeReply => ({ status, headers: { "content-type": "application/json; charset=UTF-8" }, body });

/**
 * Gemini 3.6+ rules (no assistant prefill, no penalties), retired ids as 404, JSON mode from
 * `responseJsonSchema`, the fault markers; answers built from the request and streamed in delayed
 * events. A request whose connection closes early stops being written and is marked `closedEarly`.
 */
export async function startGeminiFake(options: { apiKey?: string } = {}) {
  const apiKey = options.apiKey ?? "AIzaFakeGeminiKey0000000000000000000000";
  let behaviour: Behaviour = { ...DEFAULT };
  let answers: string[] = [];

  const answerOf = (lastUserText: string, jsonSchema: unknown): string => {
    const queued = answers.shift();
    if (queued !== undefined) return queued;
    if (jsonSchema && typeof jsonSchema === "object") return behaviour.jsonText ?? JSON.stringify(jsonFromSchema(jsonSchema as Record<string, unknown>));
    const topic = lastUserText.replace(/\[fake:[^\]]*\]/gi, "").replace(/\s+/g, " ").trim().slice(0, 80) || "nothing in particular";
    return behaviour.text ?? `You asked about "${topic}". Here is a short answer from the studio assistant, in a few plain words.`;
  };

  const handle = async (recorded: RecordedRequest): Promise<FakeReply | FakeEventStream | "hang"> => {
    const route = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(recorded.pathname);
    if (recorded.method !== "POST" || !route) {
      return json(404, errorBody(404, "NOT_FOUND", `Method not found: ${recorded.method} ${recorded.pathname}`));
    }
    const [, model, method] = route as unknown as [string, string, string];
    const streaming = method === "streamGenerateContent";
    if (recorded.headers["x-goog-api-key"] !== apiKey) {
      return json(400, errorBody(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID"));
    }
    if (!model.startsWith("gemini-") || RETIRED_MODEL.test(model)) {
      return json(404, errorBody(404, "NOT_FOUND", `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`));
    }
    if (streaming && recorded.query.get("alt") !== "sse") {
      return json(400, errorBody(400, "INVALID_ARGUMENT", "This fake streams only with alt=sse."));
    }
    const body = (recorded.body ?? {}) as GenerateBody;
    const refusal = refusalOf(body);
    if (refusal) return json(400, refusal);

    const contents = body.contents as Content[];
    const lastUserText = textOfContent(contents.at(-1));
    const systemText = textOfContent(body.systemInstruction);
    const fault = behaviour.fault ?? faultOf(lastUserText) ?? faultOf(systemText);
    const promptTokens = tokensOf(contents.map(textOfContent).join(" ") + systemText);
    const responseId = randomUUID().replace(/-/g, "").slice(0, 22);
    const usage = (candidatesTokenCount: number) => ({ promptTokenCount: promptTokens, candidatesTokenCount, totalTokenCount: promptTokens + candidatesTokenCount });
    const envelope = { modelVersion: model, responseId };

    if (fault === "timeout" || fault === "never") return "hang";
    if (fault === "500" || (!streaming && (fault === "cut" || fault === "failed"))) {
      return json(500, errorBody(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"));
    }
    if (fault === "rejected") return json(400, errorBody(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    if (fault === "slow") await sleep(behaviour.slowMs);

    const text = answerOf(lastUserText, body.generationConfig?.responseJsonSchema);
    const finishReason = behaviour.finishReason ?? "STOP";
    const blocked = { promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens }, ...envelope };
    const emptyAnswer = { candidates: [{ content: { role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: usage(0), ...envelope };

    if (!streaming) {
      if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json; charset=UTF-8" }, raw: '{"candidates": [{"content": ' };
      if (fault === "moderation") return json(200, blocked);
      if (fault === "empty") return json(200, emptyAnswer);
      return json(200, {
        candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason, index: 0 }],
        usageMetadata: usage(tokensOf(text)),
        ...envelope,
      });
    }

    const events: string[] = [];
    if (fault === "moderation") events.push(JSON.stringify(blocked));
    else if (fault === "empty") events.push(JSON.stringify(emptyAnswer));
    else if (fault === "malformed") events.push('{"candidates": [{"content": ');
    else {
      const pieces = piecesOf(text);
      const cut = fault === "cut" || fault === "failed";
      const sent = cut ? pieces.slice(0, 2) : pieces;
      let produced = "";
      sent.forEach((piece, i) => {
        produced += piece;
        const last = !cut && i === sent.length - 1;
        events.push(JSON.stringify({
          candidates: [{ content: { parts: [{ text: piece }], role: "model" }, ...(last && { finishReason }), index: 0 }],
          usageMetadata: usage(tokensOf(produced)),
          ...envelope,
        }));
      });
      if (cut) events.push(JSON.stringify(errorBody(500, "INTERNAL", "An internal error has occurred.")));
    }
    return { status: 200, events, delayMs: behaviour.chunkDelayMs };
  };

  const server = await startFakeServer(handle);
  const { url, requests } = server;

  return {
    /** The base URL the SDK takes (`httpOptions.baseUrl`). */
    url,
    apiKey,
    requests,
    /** How many requests the client closed before their answer was complete. */
    get closedEarly() {
      return requests.filter((r) => r.closedEarly).length;
    },
    setBehaviour(next: Partial<Behaviour>) {
      behaviour = { ...behaviour, ...next };
    },
    /** Canned answer texts for the next requests, in order (JSON mode included). */
    queueAnswers(texts: string[]) {
      answers.push(...texts);
    },
    reset() {
      behaviour = { ...DEFAULT };
      answers = [];
      requests.length = 0;
    },
    close: server.close,
  };
}

export type GeminiFake = Awaited<ReturnType<typeof startGeminiFake>>;
