// A local Higgsfield platform API (PROVIDERS.md section 5): POST /{model_id} with `Authorization:
// Key id:secret`, GET /requests/{id}/status, POST /requests/{id}/cancel (202 only while queued),
// statuses queued/in_progress/completed/failed/nsfw, and an unsigned webhook to `?hf_webhook=`.
import { randomUUID } from "node:crypto";
import { createFakeControls } from "./fake-controls";
import { createFakeJobBook, pollFaultReply, type FakeJob } from "./fake-job-book";
import { outputFileUrl, startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { faultOf } from "./fault-marker";

function isVideoJob(job: FakeJob): boolean {
  return /video|dop|kling/i.test(job.endpoint) || "duration" in job.input;
}

export async function startHiggsfieldFake(options: { apiKey?: string; redirectTo?: string } = {}) {
  const redirectTo = options.redirectTo ?? "http://127.0.0.1:9/";
  const apiKey = options.apiKey ?? "hf-fake-key:hf-fake-secret";
  const controls = createFakeControls<{ requestId: string }>();
  let baseUrl = "";

  const statusOf = (job: FakeJob) => {
    const file = (name: string) => outputFileUrl(baseUrl, job.fault, `${job.id}/${name}`, redirectTo);
    const common = {
      request_id: job.id,
      status_url: `${baseUrl}/requests/${job.id}/status`,
      cancel_url: `${baseUrl}/requests/${job.id}/cancel`,
    };
    if (job.phase === "queued") return { status: "queued", ...common };
    if (job.phase === "running") return { status: "in_progress", ...common };
    if (job.cancelled) return { status: "canceled", ...common };
    if (job.fault === "moderation") return { status: "nsfw", ...common };
    if (job.fault === "failed") return { status: "failed", ...common, error: "Generation failed" };
    const video = isVideoJob(job);
    if (job.fault === "empty") return { status: "completed", ...common, ...(video ? { video: null } : { images: [] }) };
    return { status: "completed", ...common, ...(video ? { video: { url: file("clip.mp4") } } : { images: [{ url: file("image-0.png") }] }) };
  };

  const deliver = (job: FakeJob) => {
    if (!job.webhookUrl) return;
    const rawBody = JSON.stringify(statusOf(job));
    controls.sendWebhook(job.webhookUrl, rawBody, {}, { requestId: job.id });
  };

  const book = createFakeJobBook(controls.behaviour, deliver);

  const submit = (req: RecordedRequest): FakeReply | "hang" => {
    const input = (req.body ?? {}) as Record<string, unknown>;
    const fault = controls.behaviour().fault ?? faultOf(input.prompt);
    if (fault === "500") return { status: 500, body: { detail: "Internal server error" } };
    if (fault === "timeout") return "hang";
    if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"status": "queued", "request_id": ' };
    if (typeof input.prompt !== "string" || fault === "rejected") {
      return { status: 422, body: { detail: [{ type: "missing", loc: ["body", "prompt"], msg: "Field required", input }] } };
    }
    const job = book.add({ id: randomUUID(), endpoint: req.pathname.replace(/^\/+/, ""), input, fault, webhookUrl: req.query.get("hf_webhook") ?? undefined });
    return { status: 200, body: statusOf(job) };
  };

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Key ${apiKey}`) return { status: 401, body: { detail: "Invalid credentials" } };
    const byId = /^\/requests\/([^/]+)\/(status|cancel)$/.exec(req.pathname);
    if (!byId) return req.method === "POST" ? submit(req) : undefined;
    const job = book.jobs.get(byId[1]!);
    if (!job) return { status: 404, body: { detail: "Request not found" } };
    if (req.method === "GET" && byId[2] === "status") {
      const faulty = pollFaultReply(controls.behaviour(), { status: 500, body: { detail: "Internal server error" } });
      if (faulty) return faulty;
      book.poll(job);
      return { status: 200, body: statusOf(job) };
    }
    if (req.method === "POST" && byId[2] === "cancel") {
      if (job.phase !== "queued") return { status: 400, body: { detail: "Request can only be cancelled while queued" } };
      book.cancel(job);
      return { status: 202, body: { detail: "Cancelled" } };
    }
    return undefined;
  });
  baseUrl = server.url;

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    jobs: book.jobs,
    webhooks: controls.webhooks,
    ...controls.controlsFor(server, book),
  };
}

export type HiggsfieldFake = Awaited<ReturnType<typeof startHiggsfieldFake>>;
