// A local OpenAI API as it is today (PROVIDERS.md sections 3 and 4). Images: POST
// /v1/images/generations with Bearer auth, GPT image models only (a shut-down model id is "model
// does not exist"), their sizes, qualities, counts and output formats, base64 answers with `usage`
// (never a `url`). Chat: POST /v1/chat/completions for the live gpt-6 models, which refuse sampling
// parameters and `max_tokens`, streamed in delayed chunks ending with `data: [DONE]`, JSON from a
// strict `json_schema`. Errors are `{error:{message,type,param,code}}` with `x-should-retry: false`
// so the SDK fails at once in tests; a request whose connection closes early is marked.
import { randomUUID } from "node:crypto";
import { startFakeServer, type FakeEventStream, type FakeReply, type RecordedRequest } from "./fake-server";
import { faultOf, type FakeFault } from "./fault-marker";
import { jsonFromSchema } from "./json-from-schema";
import { mediaFor } from "./media-bytes";

/** The image models OpenAI serves now; every other id (DALL-E, gpt-image-1*) does not exist. */
export const OPENAI_IMAGE_MODELS = ["gpt-image-2", "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare", "gpt-image-2.6-sunburst"];
const SIZES = ["1024x1024", "1536x1024", "1024x1536", "auto"];
const QUALITIES = ["low", "medium", "high", "xhigh", "max", "auto"];
const OUTPUT_FORMATS = ["png", "jpeg", "webp"];
/** Parameters only DALL-E took: GPT image models refuse them. */
const DALL_E_ONLY = ["response_format", "style"];
const PROMPT_MAX = 32_000;

type Behaviour = {
  fault?: FakeFault;
  slowMs: number;
  /** Chat: the answer's text instead of the echo (plain mode). */
  text?: string;
  /** Chat: the answer's text in JSON mode instead of the document derived from the schema. */
  jsonText?: string;
  /** Chat: the model refuses with this text instead of answering. */
  refusal?: string;
  /** Chat: the finish_reason of the answer (e.g. "content_filter"). */
  finishReason?: string;
  /** Chat: the pause between stream chunks. */
  chunkDelayMs: number;
};
const DEFAULT: Behaviour = { slowMs: 2_000, chunkDelayMs: 30 };

/** The chat models OpenAI serves now; gpt-5, gpt-5-mini and gpt-5-nano are shut down. */
export const OPENAI_CHAT_MODELS = ["gpt-6.1-terra", "gpt-6.1-sol", "gpt-6-luna"];
const CHAT_ROLES = ["system", "developer", "user", "assistant", "tool"];
const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"];
/** Sampling parameters the gpt-6 reasoning models refuse. */
const SAMPLING = ["temperature", "top_p"];
const REFUSAL = "I'm sorry, but I can't help with that request.";

export type OpenAIRecordedRequest = RecordedRequest;

function errorReply(status: number, error: { message: string; type: string; param?: string | null; code?: string | null }): FakeReply {
  return {
    status,
    headers: { "x-should-retry": "false", "x-request-id": `req_${randomUUID()}` },
    body: { error: { param: null, code: null, ...error } },
  };
}

const invalid = (param: string, message: string) => errorReply(400, { message, type: "invalid_request_error", param, code: "invalid_value" });

/** The first thing in a GPT image request that OpenAI would refuse, if any. */
function refusalOf(body: Record<string, unknown>): FakeReply | undefined {
  for (const name of DALL_E_ONLY) {
    if (name in body) return errorReply(400, { message: `Unknown parameter: '${name}'.`, type: "invalid_request_error", param: name, code: "unknown_parameter" });
  }
  const { prompt, size, quality, n, output_format: format } = body;
  if (typeof prompt !== "string" || prompt.length === 0) return errorReply(400, { message: "Missing required parameter: 'prompt'.", type: "invalid_request_error", param: "prompt", code: "missing_required_parameter" });
  if (prompt.length > PROMPT_MAX) return invalid("prompt", `Invalid 'prompt': string too long. Expected a string with maximum length ${PROMPT_MAX}.`);
  if (size !== undefined && !SIZES.includes(String(size))) return invalid("size", `Invalid value: '${size}'. Supported values are: ${SIZES.map((v) => `'${v}'`).join(", ")}.`);
  if (quality !== undefined && !QUALITIES.includes(String(quality))) return invalid("quality", `Invalid value: '${quality}'. Supported values are: ${QUALITIES.map((v) => `'${v}'`).join(", ")}.`);
  if (format !== undefined && !OUTPUT_FORMATS.includes(String(format))) return invalid("output_format", `Invalid value: '${format}'. Supported values are: ${OUTPUT_FORMATS.map((v) => `'${v}'`).join(", ")}.`);
  if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 10)) return invalid("n", `Invalid 'n': expected an integer from 1 to 10, got ${JSON.stringify(n)}.`);
  return undefined;
}

type ChatMessage = { role?: unknown; content?: unknown };

function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part: { type?: unknown; text?: unknown }) => (part?.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}

/** Why OpenAI would refuse `schema` under `strict: true`: every object closed, every property required. */
function strictSchemaProblem(schema: unknown, context: string[] = []): string | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  const node = schema as Record<string, unknown>;
  const where = `In context=(${context.map((c) => `'${c}'`).join(", ")})`;
  const properties = node.properties as Record<string, unknown> | undefined;
  if (node.type === "object" || properties) {
    if (node.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = Object.keys(properties ?? {}).find((key) => !required.includes(key));
    if (missing) return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  const children: Array<[string[], unknown]> = [
    ...Object.entries(properties ?? {}).map(([key, child]): [string[], unknown] => [["properties", key], child]),
    [["items"], node.items],
    ...((node.anyOf as unknown[] | undefined) ?? []).map((child, i): [string[], unknown] => [["anyOf", String(i)], child]),
    ...Object.entries((node.$defs ?? node.definitions ?? {}) as Record<string, unknown>).map(([key, child]): [string[], unknown] => [["$defs", key], child]),
  ];
  for (const [path, child] of children) {
    const problem = strictSchemaProblem(child, [...context, ...path]);
    if (problem) return problem;
  }
  return undefined;
}

/** The first thing in a chat request that OpenAI would refuse, if any (the model is known to be live). */
function chatRefusalOf(body: Record<string, unknown>): FakeReply | undefined {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return errorReply(400, { message: "Missing required parameter: 'messages'.", type: "invalid_request_error", param: "messages", code: "missing_required_parameter" });
  }
  for (const [i, message] of (messages as ChatMessage[]).entries()) {
    if (!CHAT_ROLES.includes(String(message?.role))) return invalid(`messages[${i}].role`, `Invalid value: '${String(message?.role)}'. Supported values are: ${CHAT_ROLES.map((v) => `'${v}'`).join(", ")}.`);
    if (typeof message.content !== "string" && !Array.isArray(message.content)) return invalid(`messages[${i}].content`, `Invalid type for 'messages[${i}].content': expected a string or an array of content parts.`);
  }
  if ("max_tokens" in body) {
    return errorReply(400, { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: "invalid_request_error", param: "max_tokens", code: "unsupported_parameter" });
  }
  for (const name of SAMPLING) {
    if (name in body) return errorReply(400, { message: `Unsupported parameter: '${name}' is not supported with this model.`, type: "invalid_request_error", param: name, code: "unsupported_parameter" });
  }
  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null && !REASONING_EFFORTS.includes(String(effort))) {
    return invalid("reasoning_effort", `Invalid value: '${String(effort)}'. Supported values are: ${REASONING_EFFORTS.map((v) => `'${v}'`).join(", ")}.`);
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  }
  const format = body.response_format as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown; strict?: unknown } } | undefined;
  if (format?.type === "json_schema") {
    const { name, schema, strict } = format.json_schema ?? {};
    if (typeof name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) return invalid("response_format.json_schema.name", "Invalid 'response_format.json_schema.name': expected 1 to 64 characters from a-z, A-Z, 0-9, _ and -.");
    if (!schema || typeof schema !== "object") return invalid("response_format.json_schema.schema", "Missing required parameter: 'response_format.json_schema.schema'.");
    const problem = strict === true ? strictSchemaProblem(schema) : undefined;
    if (problem) return errorReply(400, { message: `Invalid schema for response_format '${name}': ${problem}`, type: "invalid_request_error", param: "response_format", code: null });
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startOpenAIFake(options: { apiKey?: string } = {}) {
  const apiKey = options.apiKey ?? "sk-fake-openai";
  let behaviour: Behaviour = { ...DEFAULT };

  const generate = async (body: Record<string, unknown>): Promise<FakeReply | "hang"> => {
    const model = typeof body.model === "string" ? body.model : "";
    if (!OPENAI_IMAGE_MODELS.includes(model)) {
      return errorReply(404, {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: "invalid_request_error",
        code: "model_not_found",
      });
    }
    const refusal = refusalOf(body);
    if (refusal) return refusal;
    const prompt = body.prompt as string;
    const fault = behaviour.fault ?? faultOf(prompt);
    if (fault === "500" || fault === "failed") return errorReply(500, { message: "The server had an error while processing your request.", type: "server_error" });
    if (fault === "timeout" || fault === "never") return "hang";
    if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"created": 1700000000, "data": [{"b64_json": ' };
    if (fault === "moderation") {
      return errorReply(400, {
        code: "moderation_blocked",
        message: "Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID.",
        type: "image_generation_user_error",
      });
    }
    if (fault === "rejected") return invalid("prompt", `The prompt is invalid for ${model}.`);
    if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, behaviour.slowMs));

    const n = Number(body.n ?? 1);
    const format = String(body.output_format ?? "png");
    const quality = String(body.quality ?? "auto");
    const size = String(body.size ?? "auto");
    const id = randomUUID();
    const data = fault === "empty" ? [] : Array.from({ length: n }, () => ({ b64_json: mediaFor(`x.${format}`).bytes.toString("base64") }));
    const textTokens = Math.ceil(prompt.length / 4);
    const imageTokens = { low: 272, medium: 1056, high: 4160 }[quality] ?? 1056;
    return {
      status: 200,
      headers: { "x-request-id": `req_${id}` },
      body: {
        created: Math.floor(Date.now() / 1000),
        background: "opaque",
        data,
        output_format: format,
        quality,
        size: size === "auto" ? "1024x1024" : size,
        usage: {
          input_tokens: textTokens,
          input_tokens_details: { text_tokens: textTokens, image_tokens: 0 },
          output_tokens: imageTokens * n,
          total_tokens: textTokens + imageTokens * n,
        },
      },
    };
  };

  const modelNotFound = (model: string) =>
    errorReply(404, { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: "invalid_request_error", code: "model_not_found" });

  const chat = async (recorded: RecordedRequest): Promise<FakeReply | FakeEventStream | "hang"> => {
    const body = (recorded.body ?? {}) as Record<string, unknown>;
    const model = typeof body.model === "string" ? body.model : "";
    if (!OPENAI_CHAT_MODELS.includes(model)) return (modelNotFound(model));
    const refusal = chatRefusalOf(body);
    if (refusal) return (refusal);

    const messages = body.messages as ChatMessage[];
    const lastUserText = messageText([...messages].reverse().find((m) => m.role === "user")?.content);
    const systemText = messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => messageText(m.content)).join("\n");
    const fault = behaviour.fault ?? faultOf(lastUserText) ?? faultOf(systemText);
    const streaming = body.stream === true;
    if (fault === "timeout" || fault === "never") return "hang";
    if (fault === "500" || (!streaming && (fault === "cut" || fault === "failed"))) {
      return (errorReply(500, { message: "The server had an error while processing your request. Sorry about that!", type: "server_error" }));
    }
    if (fault === "rejected") return (invalid("messages", "The messages are invalid for this model."));
    if (fault === "slow") await sleep(behaviour.slowMs);

    const schema = (body.response_format as { json_schema?: { schema?: Record<string, unknown> } } | undefined)?.json_schema?.schema;
    const topic = lastUserText.replace(/\[fake:[^\]]*\]/gi, "").replace(/\s+/g, " ").trim().slice(0, 80) || "nothing in particular";
    const queued = answers.shift();
    const refusalText = fault === "moderation" ? REFUSAL : behaviour.refusal;
    const text =
      fault === "empty" || refusalText !== undefined
        ? ""
        : (queued ?? (schema ? (behaviour.jsonText ?? JSON.stringify(jsonFromSchema(schema))) : (behaviour.text ?? `You asked about "${topic}". Here is a short answer from the studio assistant, in a few plain words.`)));
    const finishReason = behaviour.finishReason ?? "stop";
    const id = `chatcmpl-${randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = tokensOf(messages.map((m) => messageText(m.content)).join(" "));
    const completionTokens = tokensOf(text || refusalText || "");
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    };
    const envelope = { id, created, model, system_fingerprint: "fp_fake", service_tier: "default" };

    if (!streaming) {
      if (fault === "malformed") return ({ status: 200, headers: { "content-type": "application/json" }, raw: '{"id": "chatcmpl-1", "choices": [' });
      return ({
        status: 200,
        headers: { "x-request-id": `req_${randomUUID()}` },
        body: {
          ...envelope,
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: refusalText !== undefined ? null : text, refusal: refusalText ?? null, annotations: [] }, finish_reason: finishReason, logprobs: null }],
          usage,
        },
      });
    }

    const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      JSON.stringify({ ...envelope, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...(includeUsage && { usage: null }) });
    const events = [chunk({ role: "assistant", content: "", refusal: null })];
    const cut = fault === "cut" || fault === "failed";
    if (fault === "malformed") events.push('{"choices": [{"delta": ');
    else if (refusalText !== undefined) events.push(...piecesOf(refusalText).map((piece) => chunk({ refusal: piece })));
    else {
      const pieces = piecesOf(text);
      events.push(...(cut ? pieces.slice(0, 2) : pieces).map((piece) => chunk({ content: piece })));
    }
    if (cut) events.push(JSON.stringify({ error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: null, code: null } }));
    else if (fault !== "malformed") {
      events.push(chunk({}, finishReason));
      if (includeUsage) events.push(JSON.stringify({ ...envelope, object: "chat.completion.chunk", choices: [], usage }));
      events.push("[DONE]");
    }
    return { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8", "x-request-id": `req_${randomUUID()}` }, events, delayMs: behaviour.chunkDelayMs };
  };

  let answers: string[] = [];
  const server = await startFakeServer(async (recorded) => {
    if (recorded.headers.authorization !== `Bearer ${apiKey}`) {
      return errorReply(401, { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" });
    }
    if (recorded.method === "POST" && recorded.pathname === "/v1/chat/completions") return chat(recorded);
    if (recorded.method === "POST" && recorded.pathname === "/v1/images/generations") return generate((recorded.body ?? {}) as Record<string, unknown>);
    return undefined;
  });
  const { url, requests } = server;

  return {
    url,
    /** The base URL the SDK takes (`baseURL`). */
    apiUrl: `${url}/v1`,
    apiKey,
    requests,
    /** How many requests the client closed before their answer was complete. */
    get closedEarly() {
      return requests.filter((r) => r.closedEarly).length;
    },
    setBehaviour(next: Partial<Behaviour>) {
      behaviour = { ...behaviour, ...next };
    },
    /** Canned chat answer texts for the next requests, in order (JSON mode included). */
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

export type OpenAIFake = Awaited<ReturnType<typeof startOpenAIFake>>;
