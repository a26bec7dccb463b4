// A local OpenAI images API (PROVIDERS.md section 3): POST /v1/images/generations with Bearer auth,
// per-model size and count rules, url or b64_json data, and errors as `{error:{message,type,param,
// code}}`. Every error carries `x-should-retry: false` so the SDK fails at once in tests.
import { randomUUID } from "node:crypto";
import { outputFileUrl, startFakeServer, type FakeReply } from "./fake-server";
import { faultOf, type FakeFault } from "./fault-marker";
import { mediaFor } from "./media-bytes";

const SIZES: Record<string, string[]> = {
  "dall-e-2": ["256x256", "512x512", "1024x1024"],
  "dall-e-3": ["1024x1024", "1792x1024", "1024x1792"],
};
const PROMPT_LIMITS: Record<string, number> = { "dall-e-2": 1000, "dall-e-3": 4000 };

type Behaviour = { fault?: FakeFault; slowMs: number };
const DEFAULT: Behaviour = { slowMs: 2_000 };

function errorReply(status: number, error: { message: string; type: string; param?: string | null; code?: string | null }): FakeReply {
  return {
    status,
    headers: { "x-should-retry": "false", "x-request-id": `req_${randomUUID()}` },
    body: { error: { param: null, code: null, ...error } },
  };
}

export async function startOpenAIFake(options: { apiKey?: string; redirectTo?: string } = {}) {
  const redirectTo = options.redirectTo ?? "http://127.0.0.1:9/";
  const apiKey = options.apiKey ?? "sk-fake-openai";
  let behaviour: Behaviour = { ...DEFAULT };
  let baseUrl = "";

  const generate = async (body: Record<string, unknown>): Promise<FakeReply | "hang"> => {
    const model = typeof body.model === "string" ? body.model : "dall-e-2";
    const prompt = body.prompt;
    const fault = behaviour.fault ?? faultOf(prompt);
    if (fault === "500" || fault === "failed") return errorReply(500, { message: "The server had an error while processing your request.", type: "server_error" });
    if (fault === "timeout" || fault === "never") return "hang";
    if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"created": 1700000000, "data": [{"url": ' };
    if (fault === "moderation") {
      return errorReply(400, {
        code: "content_policy_violation",
        message: "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
        type: "invalid_request_error",
      });
    }
    if (typeof prompt !== "string" || prompt.length === 0) return errorReply(400, { message: "'prompt' is a required property", type: "invalid_request_error", param: "prompt" });
    if (fault === "rejected" || prompt.length > (PROMPT_LIMITS[model] ?? 32_000)) {
      return errorReply(400, { message: `The prompt is too long or invalid for ${model}.`, type: "invalid_request_error", param: "prompt" });
    }
    const size = typeof body.size === "string" ? body.size : "1024x1024";
    if (SIZES[model] && !SIZES[model]!.includes(size)) {
      return errorReply(400, { message: `Invalid size '${size}' for ${model}. Supported: ${SIZES[model]!.join(", ")}.`, type: "invalid_request_error", param: "size" });
    }
    const n = Number(body.n ?? 1);
    if (model === "dall-e-3" && n !== 1) return errorReply(400, { message: "dall-e-3 supports only n=1.", type: "invalid_request_error", param: "n" });
    if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, behaviour.slowMs));

    const id = randomUUID();
    const b64 = body.response_format === "b64_json" || model.startsWith("gpt-image");
    const data = fault === "empty"
      ? []
      : Array.from({ length: n }, (_, i) => ({
          ...(b64 ? { b64_json: mediaFor("x.png").bytes.toString("base64") } : { url: outputFileUrl(baseUrl, fault, `${id}/img-${i}.png`, redirectTo) }),
          ...(model === "dall-e-3" ? { revised_prompt: `A detailed rendering of: ${prompt}` } : {}),
        }));
    return { status: 200, headers: { "x-request-id": `req_${id}` }, body: { created: Math.floor(Date.now() / 1000), data } };
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
  baseUrl = server.url;

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
