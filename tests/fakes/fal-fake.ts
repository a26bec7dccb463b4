// A local fal.ai queue (PROVIDERS.md section 1): submit to the full endpoint id, status, result and
// cancel under [namespace/]owner/alias/requests/{id}, 202 while queued or running, errors as JSON
// with `detail`, and Ed25519-signed webhooks checked against the JWKS this fake serves itself.
// Only the endpoints fal serves exist (404 otherwise), and each checks its input (422).
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import { createFakeControls } from "./fake-controls";
import { createFakeJobBook, pollFaultReply, type FakeJob } from "./fake-job-book";
import { FAL_ENDPOINTS, falValidationDetail, type FalEndpoint } from "./fal-endpoints";
import { outputFileUrl, startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { faultOf } from "./fault-marker";

export const FAL_FAKE_USER_ID = "fake-user-1";
const NAMESPACES = ["workflows", "comfy"];

type SignedWebhook = { rawBody: string; headers: Record<string, string> };

/** The app prefix status, result and cancel use: `[namespace/]owner/alias` of an endpoint id. */
export function falAppPrefix(endpoint: string): string {
  const parts = endpoint.split("/");
  return (NAMESPACES.includes(parts[0] ?? "") ? parts.slice(0, 3) : parts.slice(0, 2)).join("/");
}

function newKeyPair(): { privateKey: KeyObject; jwk: Record<string, string> } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const { kty, crv, x } = publicKey.export({ format: "jwk" });
  return { privateKey, jwk: { kty: kty!, crv: crv!, x: x!, kid: randomUUID() } };
}

export async function startFalFake(options: { key?: string; redirectTo?: string } = {}) {
  const redirectTo = options.redirectTo ?? "http://127.0.0.1:9/";
  const key = options.key ?? "fal-fake-key:secret";
  const signing = newKeyPair();
  // A second, unrelated key in the JWKS: verifiers must try every key, not only the first.
  const decoy = newKeyPair();
  const controls = createFakeControls<{ requestId: string }>();
  /** The endpoints served: fal's own, plus any a test deploys (a renamed upstream, a workflow). */
  const endpoints = new Map<string, FalEndpoint>(Object.entries(FAL_ENDPOINTS));
  const isVideoJob = (job: FakeJob) => endpoints.get(job.endpoint)?.kind === "video";
  let baseUrl = "";

  const signWebhook = (
    payload: unknown,
    opts: { requestId?: string; userId?: string; timestamp?: number; privateKey?: KeyObject } = {},
  ): SignedWebhook => {
    const rawBody = typeof payload === "string" ? payload : JSON.stringify(payload);
    const requestId = opts.requestId ?? (payload as { request_id?: string })?.request_id ?? randomUUID();
    const userId = opts.userId ?? FAL_FAKE_USER_ID;
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const digest = createHash("sha256").update(rawBody).digest("hex");
    const message = Buffer.from(`${requestId}\n${userId}\n${timestamp}\n${digest}`, "utf8");
    const signature = sign(null, message, opts.privateKey ?? signing.privateKey).toString("hex");
    return {
      rawBody,
      headers: {
        "x-fal-webhook-request-id": requestId,
        "x-fal-webhook-user-id": userId,
        "x-fal-webhook-timestamp": timestamp,
        "x-fal-webhook-signature": signature,
      },
    };
  };

  const urlsOf = (job: FakeJob) => {
    const base = `${baseUrl}/${falAppPrefix(job.endpoint)}/requests/${job.id}`;
    return { status_url: `${base}/status`, response_url: base, cancel_url: `${base}/cancel` };
  };

  /** What GET .../requests/{id} answers once the job is done. */
  const resultOf = (job: FakeJob): FakeReply => {
    const headers = { "x-fal-request-id": job.id };
    if (job.cancelled) return { status: 400, headers, body: { detail: "Request was cancelled" } };
    const video = isVideoJob(job);
    const file = (name: string) => outputFileUrl(baseUrl, job.fault, `${job.id}/${name}`, redirectTo);
    switch (job.fault) {
      case "failed":
        return { status: 500, headers: { ...headers, "x-fal-error-type": "internal_error" }, body: { detail: "Unexpected error while running the model", error_type: "internal_error" } };
      case "moderation":
        if (video) {
          return {
            status: 422,
            headers: { ...headers, "x-fal-retryable": "false" },
            body: { detail: [{ loc: ["body", "prompt"], msg: "The content could not be processed because it was flagged by a content checker.", type: "content_policy_violation" }] },
          };
        }
        return { status: 200, headers, body: { images: [{ url: file("out-0.png"), width: 8, height: 8, content_type: "image/png" }], has_nsfw_concepts: [true], seed: 7, prompt: job.input.prompt } };
      case "empty":
        return { status: 200, headers, body: video ? { video: null } : { images: [], has_nsfw_concepts: [], seed: 7 } };
      default:
        if (video) return { status: 200, headers, body: { video: { url: file("output.mp4"), content_type: "video/mp4", file_name: "output.mp4", file_size: 1234 } } };
        return {
          status: 200,
          headers,
          body: {
            images: [{ url: file("out-0.png"), width: 8, height: 8, content_type: "image/png", file_name: "out-0.png", file_size: 123 }],
            timings: { inference: 0.01 },
            seed: 7,
            has_nsfw_concepts: [false],
            prompt: job.input.prompt,
          },
        };
    }
  };

  const deliver = (job: FakeJob) => {
    if (!job.webhookUrl) return;
    const result = resultOf(job);
    const ok = result.status < 400;
    const body = {
      request_id: job.id,
      gateway_request_id: job.id,
      status: ok ? "OK" : "ERROR",
      ...(ok ? {} : { error: `Invalid status code: ${result.status}` }),
      payload: result.body ?? null,
    };
    const signed = signWebhook(body, { requestId: job.id });
    controls.sendWebhook(job.webhookUrl, signed.rawBody, signed.headers, { requestId: job.id });
  };

  const book = createFakeJobBook(controls.behaviour, deliver);
  // As fal counts it: the requests to the same app still waiting ahead of this one.
  const queuePositionOf = (job: FakeJob) => {
    const before = [...book.jobs.values()];
    return before.slice(0, before.indexOf(job)).filter((other) => other.phase === "queued" && falAppPrefix(other.endpoint) === falAppPrefix(job.endpoint)).length;
  };

  const submit = (req: RecordedRequest): FakeReply | "hang" => {
    const endpoint = req.pathname.replace(/^\/+/, "");
    const served = endpoints.get(endpoint);
    if (!served) return { status: 404, body: { detail: `Application '${endpoint}' not found` } };
    const input = (req.body ?? {}) as Record<string, unknown>;
    const checked = served.input.safeParse(input);
    if (!checked.success) {
      return { status: 422, headers: { "x-fal-retryable": "false" }, body: { detail: falValidationDetail(checked.error) } };
    }
    const fault = controls.behaviour().fault ?? faultOf(input.prompt);
    if (fault === "500") return { status: 500, headers: { "x-fal-error-type": "internal_error" }, body: { detail: "Internal server error", error_type: "internal_error" } };
    if (fault === "timeout") return "hang";
    if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"request_id": "abc", "status": IN_QUE' };
    if (typeof input !== "object" || typeof input.prompt !== "string" || fault === "rejected") {
      return {
        status: 422,
        headers: { "x-fal-retryable": "false" },
        body: { detail: [{ loc: ["body", "prompt"], msg: fault === "rejected" ? "Input rejected by the model" : "field required", type: "value_error" }] },
      };
    }
    const id = randomUUID();
    const webhookUrl = req.query.get("fal_webhook") ?? undefined;
    const job = book.add({ id, endpoint, input, fault, webhookUrl });
    return {
      status: 200,
      headers: { "x-fal-request-id": id },
      body: { request_id: id, ...(webhookUrl ? { gateway_request_id: id } : {}), status: "IN_QUEUE", queue_position: queuePositionOf(job), ...urlsOf(job) },
    };
  };

  const server = await startFakeServer((req) => {
    if (req.method === "GET" && req.pathname === "/.well-known/jwks.json") {
      return { status: 200, body: { keys: [decoy.jwk, signing.jwk] } };
    }
    if (req.headers.authorization !== `Key ${key}`) {
      return { status: 401, body: { detail: "Invalid or missing credentials" } };
    }
    const match = /^\/(.+)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(req.pathname);
    if (!match) return req.method === "POST" ? submit(req) : undefined;
    const [, prefix, id, op] = match;
    const job = book.jobs.get(id!);
    // Status, result and cancel address the app only, never the endpoint's sub-path.
    if (!job || prefix !== falAppPrefix(job.endpoint)) {
      return op === "/cancel" ? { status: 404, body: { status: "NOT_FOUND" } } : { status: 404, body: { detail: "Request not found" } };
    }
    if (req.method === "GET" && op === "/status") {
      const faulty = pollFaultReply(controls.behaviour(), { status: 500, body: { detail: "Internal server error", error_type: "internal_error" } });
      if (faulty) return faulty;
      book.poll(job);
      const status = job.phase === "queued" ? "IN_QUEUE" : job.phase === "running" ? "IN_PROGRESS" : "COMPLETED";
      return {
        status: status === "COMPLETED" ? 200 : 202,
        headers: { "x-fal-request-id": job.id },
        body: {
          status,
          request_id: job.id,
          ...(status === "IN_QUEUE" ? { queue_position: queuePositionOf(job) } : {}),
          ...(req.query.get("logs") === "1" ? { logs: [] } : {}),
          ...(status === "COMPLETED" ? { metrics: { inference_time: 0.01 } } : {}),
          ...urlsOf(job),
        },
      };
    }
    if (req.method === "GET" && !op) {
      if (job.phase !== "done") return { status: 400, headers: { "x-fal-request-id": job.id }, body: { detail: "Request is still in progress" } };
      return resultOf(job);
    }
    if (req.method === "PUT" && op === "/cancel") {
      if (job.phase === "done") return { status: 400, body: { status: "ALREADY_COMPLETED" } };
      book.cancel(job);
      return { status: 202, body: { status: "CANCELLATION_REQUESTED" } };
    }
    return undefined;
  });
  baseUrl = server.url;

  return {
    url: server.url,
    key,
    userId: FAL_FAKE_USER_ID,
    jwksUrl: `${server.url}/.well-known/jwks.json`,
    requests: server.requests,
    jobs: book.jobs,
    webhooks: controls.webhooks,
    signWebhook,
    /** Serves another endpoint id, taking the input of one fal serves (`like`). */
    deploy(endpoint: string, like: keyof typeof FAL_ENDPOINTS) {
      endpoints.set(endpoint, FAL_ENDPOINTS[like]!);
    },
    /** A key pair the JWKS does not hold, for forged-signature tests. */
    strangerKey: () => newKeyPair().privateKey,
    ...controls.controlsFor(server, book),
  };
}

export type FalFake = Awaited<ReturnType<typeof startFalFake>>;
