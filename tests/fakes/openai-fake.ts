// A local OpenAI images API as it is today (PROVIDERS.md section 3): POST /v1/images/generations
// with Bearer auth, GPT image models only (a shut-down model id is "model does not exist"), their
// sizes, qualities, counts and output formats, base64 answers with `usage` (never a `url`), and
// errors as `{error:{message,type,param,code}}`. Every error carries `x-should-retry: false` so
// the SDK fails at once in tests.
import { randomUUID } from "node:crypto";
import { startFakeServer, type FakeReply } from "./fake-server";
import { faultOf, type FakeFault } from "./fault-marker";
import { mediaFor } from "./media-bytes";

/** The image models OpenAI serves now; every other id (DALL-E, gpt-image-1*) does not exist. */
export const OPENAI_IMAGE_MODELS = ["gpt-image-2", "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare", "gpt-image-2.6-sunburst"];
const SIZES = ["1024x1024", "1536x1024", "1024x1536", "auto"];
const QUALITIES = ["low", "medium", "high", "xhigh", "max", "auto"];
const OUTPUT_FORMATS = ["png", "jpeg", "webp"];
/** Parameters only DALL-E took: GPT image models refuse them. */
const DALL_E_ONLY = ["response_format", "style"];
const PROMPT_MAX = 32_000;

type Behaviour = { fault?: FakeFault; slowMs: number };
const DEFAULT: Behaviour = { slowMs: 2_000 };

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

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return errorReply(401, { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" });
    }
    if (req.method === "POST" && req.pathname === "/v1/images/generations") {
      return generate((req.body ?? {}) as Record<string, unknown>);
    }
    return undefined;
  });

  return {
    url: server.url,
    /** The base URL the SDK takes (`baseURL`). */
    apiUrl: `${server.url}/v1`,
    apiKey,
    requests: server.requests,
    setBehaviour(next: Partial<Behaviour>) {
      behaviour = { ...behaviour, ...next };
    },
    reset() {
      behaviour = { ...DEFAULT };
      server.requests.length = 0;
    },
    close: server.close,
  };
}

export type OpenAIFake = Awaited<ReturnType<typeof startOpenAIFake>>;
