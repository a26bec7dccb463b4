// A local Replicate (PROVIDERS.md section 2): predictions created by model, read and cancelled by
// id, statuses starting → processing → succeeded|failed|canceled, errors as `{detail, status}`, and
// completion webhooks signed per Standard Webhooks with this fake's own `whsec_` secret. Only the
// models in MODEL_INPUTS exist (404 otherwise), and each checks its input (422, as cog does).
import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { createFakeControls } from "./fake-controls";
import { createFakeJobBook, pollFaultReply, type FakeJob } from "./fake-job-book";
import { outputFileUrl, startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { faultOf } from "./fault-marker";

export const REPLICATE_NSFW_ERROR = "NSFW content detected. Try running it again, or try a different prompt.";

const errorReply = (status: number, detail: string): FakeReply => ({ status, body: { title: "Error", detail, status } });

// black-forest-labs/flux-schnell's inputs (Replicate's cog-flux). Unknown fields are refused too,
// although cog only warns: a misspelt field is a bug the tests must see.
const FLUX_SCHNELL = z.strictObject({
  prompt: z.string().min(1),
  aspect_ratio: z.enum(["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"]).optional(),
  num_outputs: z.number().int().min(1).max(4).optional(),
  num_inference_steps: z.number().int().min(1).max(4).optional(),
  seed: z.number().int().optional(),
  output_format: z.enum(["webp", "jpg", "png"]).optional(),
  output_quality: z.number().int().min(0).max(100).optional(),
  disable_safety_checker: z.boolean().optional(),
  go_fast: z.boolean().optional(),
  megapixels: z.enum(["1", "0.25"]).optional(),
});

/** The models served, by name; a pinned version is checked like the model the fake knows. */
const MODELS: Record<string, z.ZodType> = { "black-forest-labs/flux-schnell": FLUX_SCHNELL };

function validationReply(error: z.ZodError): FakeReply {
  const invalid = error.issues.map((issue) => ({
    type: issue.code === "unrecognized_keys" ? "additional_property_not_allowed" : issue.code === "invalid_value" ? "enum" : issue.code,
    field: ["input", ...issue.path.map(String)].join("."),
    description: issue.message,
  }));
  return { status: 422, body: { title: "Input validation failed", detail: invalid.map((f) => `- ${f.field}: ${f.description}`).join("\n"), status: 422, invalid_fields: invalid } };
}

export async function startReplicateFake(options: { token?: string; redirectTo?: string } = {}) {
  const redirectTo = options.redirectTo ?? "http://127.0.0.1:9/";
  const token = options.token ?? "r8_fake_token";
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const controls = createFakeControls<{ predictionId: string }>();
  const filters = new Map<string, string[] | undefined>();
  let baseUrl = "";

  const signWebhook = (payload: unknown, opts: { id?: string; timestamp?: number; secret?: string } = {}) => {
    const rawBody = typeof payload === "string" ? payload : JSON.stringify(payload);
    const id = opts.id ?? `msg_${randomUUID()}`;
    const seconds = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = new Webhook(opts.secret ?? webhookSecret).sign(id, new Date(seconds * 1000), rawBody);
    return {
      rawBody,
      headers: { "webhook-id": id, "webhook-timestamp": String(seconds), "webhook-signature": signature },
    };
  };

  const predictionOf = (job: FakeJob) => {
    const file = (name: string) => outputFileUrl(baseUrl, job.fault, `${job.id}/${name}`, redirectTo);
    const format = typeof job.input.output_format === "string" ? job.input.output_format : "webp";
    const outputs = Number(job.input.num_outputs ?? 1);
    let status = "starting";
    let output: unknown = null;
    let error: string | null = null;
    if (job.phase === "running") status = "processing";
    if (job.phase === "done") {
      if (job.cancelled) status = "canceled";
      else if (job.fault === "moderation") [status, error] = ["failed", REPLICATE_NSFW_ERROR];
      else if (job.fault === "failed") [status, error] = ["failed", "CUDA error: out of memory"];
      else if (job.fault === "empty") [status, output] = ["succeeded", []];
      else [status, output] = ["succeeded", Array.from({ length: outputs }, (_, i) => file(`out-${i}.${format}`))];
    }
    const terminal = job.phase === "done";
    return {
      id: job.id,
      model: job.endpoint,
      version: "hidden",
      input: job.input,
      output,
      error,
      status,
      logs: "",
      metrics: terminal ? { predict_time: 0.01, total_time: 0.02 } : {},
      source: "api",
      data_removed: false,
      created_at: job.createdAt.toISOString(),
      started_at: job.phase === "queued" ? null : job.createdAt.toISOString(),
      completed_at: job.completedAt?.toISOString() ?? null,
      ...(job.webhookUrl ? { webhook: job.webhookUrl, webhook_events_filter: filters.get(job.id) ?? ["start", "output", "logs", "completed"] } : {}),
      urls: {
        get: `${baseUrl}/v1/predictions/${job.id}`,
        cancel: `${baseUrl}/v1/predictions/${job.id}/cancel`,
        stream: `${baseUrl}/v1/predictions/${job.id}/stream`,
        web: `https://replicate.com/p/${job.id}`,
      },
    };
  };

  const deliver = (job: FakeJob) => {
    const filter = filters.get(job.id);
    if (!job.webhookUrl || (filter && !filter.includes("completed"))) return;
    const signed = signWebhook(predictionOf(job));
    controls.sendWebhook(job.webhookUrl, signed.rawBody, signed.headers, { predictionId: job.id });
  };

  const book = createFakeJobBook(controls.behaviour, deliver);

  const create = (req: RecordedRequest, model: string, schema: z.ZodType | undefined): FakeReply | "hang" => {
    if (!schema) return { status: 404, body: { title: "Not found", detail: "The requested resource could not be found.", status: 404 } };
    const body = (req.body ?? {}) as { input?: Record<string, unknown>; webhook?: string; webhook_events_filter?: string[] };
    if (body.input && typeof body.input.prompt === "string") {
      const checked = schema.safeParse(body.input);
      if (!checked.success) return validationReply(checked.error);
    }
    const fault = controls.behaviour().fault ?? faultOf(body.input?.prompt);
    if (fault === "500") return errorReply(500, "Internal server error");
    if (fault === "timeout") return "hang";
    if (fault === "malformed") return { status: 201, headers: { "content-type": "application/json" }, raw: '{"id": "p1", "status": "start' };
    if (!body.input || typeof body.input.prompt !== "string" || fault === "rejected") {
      return {
        status: 422,
        body: { title: "Input validation failed", detail: "- input.prompt: prompt is required", status: 422, invalid_fields: [{ type: "required", field: "input.prompt", description: "prompt is required" }] },
      };
    }
    const id = randomBytes(13).toString("hex").slice(0, 26);
    filters.set(id, body.webhook_events_filter);
    const job = book.add({ id, endpoint: model, input: body.input, fault, webhookUrl: body.webhook });
    return { status: 201, body: predictionOf(job) };
  };

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return errorReply(401, "You did not pass a valid authentication token");
    }
    const byModel = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(req.pathname);
    if (req.method === "POST" && byModel) return create(req, `${byModel[1]}/${byModel[2]}`, MODELS[`${byModel[1]}/${byModel[2]}`]);
    if (req.method === "POST" && req.pathname === "/v1/predictions") {
      const version = (req.body as { version?: unknown } | undefined)?.version;
      if (typeof version !== "string" || !version) return errorReply(422, "- version: version is required");
      return create(req, `version:${version}`, FLUX_SCHNELL);
    }
    if (req.method === "GET" && req.pathname === "/v1/webhooks/default/secret") return { status: 200, body: { key: webhookSecret } };
    const byId = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(req.pathname);
    if (!byId) return undefined;
    const job = book.jobs.get(byId[1]!);
    if (!job) return errorReply(404, "Not found.");
    if (req.method === "GET" && !byId[2]) {
      const faulty = pollFaultReply(controls.behaviour(), errorReply(500, "Internal server error"));
      if (faulty) return faulty;
      book.poll(job);
      return { status: 200, body: predictionOf(job) };
    }
    if (req.method === "POST" && byId[2]) {
      book.cancel(job);
      return { status: 200, body: predictionOf(job) };
    }
    return undefined;
  });
  baseUrl = server.url;

  return {
    url: server.url,
    /** The base URL the SDK takes (`baseUrl`). */
    apiUrl: `${server.url}/v1`,
    token,
    webhookSecret,
    requests: server.requests,
    jobs: book.jobs,
    webhooks: controls.webhooks,
    signWebhook,
    predictionOf,
    ...controls.controlsFor(server, book),
  };
}

export type ReplicateFake = Awaited<ReturnType<typeof startReplicateFake>>;
