// A local Higgsfield platform API (PROVIDERS.md section 5), as strict as its documentation:
// POST /{model_id} with a flat body checked field by field (422 FastAPI `detail`, unknown fields
// refused, 404 model_not_found), `Authorization: Key id:secret`, the Idempotency-Key header,
// GET /requests/{id}/status and POST /requests/{id}/cancel (202 only while queued), an unsigned
// webhook to `?hf_webhook=`, Soul ID training under /v1/custom-references and the /v1/motions list.
//
// Prompt markers work as for every fake (`[fake:failed]`), and may name a scope that the model id
// must contain for them to apply: `[fake:failed:dop]` fails only the DoP step of a flow that sends
// the same prompt to Soul and to DoP. A training's markers go in its name.
import { randomUUID } from "node:crypto";
import { createFakeControls } from "./fake-controls";
import { createFakeJobBook, pollFaultReply, type FakeJob } from "./fake-job-book";
import { outputFileUrl, startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { FAKE_FAULTS, type FakeFault } from "./fault-marker";
import {
  checkHiggsfieldBody,
  deployedModel,
  HIGGSFIELD_MODELS,
  TRAINING_FIELDS,
  type HiggsfieldDeployment,
  type HiggsfieldImageInput,
  type HiggsfieldIssue,
  type HiggsfieldLookups,
  type HiggsfieldModel,
} from "./higgsfield-schemas";

export type HiggsfieldFakeOptions = {
  apiKey?: string;
  redirectTo?: string;
  /** Download every image URL input at submit and refuse one that is not a PNG, JPEG or WebP. */
  fetchImages?: boolean;
  /** Requests queued or in progress at once; one more answers 400. Unlimited by default. */
  concurrencyLimit?: number;
  /** Reference polls until a training completes (not_ready → queued → in_progress → completed). */
  trainingPolls?: number;
};

type Settings = Required<Pick<HiggsfieldFakeOptions, "fetchImages" | "trainingPolls">> & Pick<HiggsfieldFakeOptions, "concurrencyLimit">;

export type TrainingStatus = "not_ready" | "queued" | "in_progress" | "completed" | "failed";

/** A Soul ID this fake trained (or a test added): the API's fields, then the fake's own. */
export type FakeReference = {
  id: string;
  name: string;
  model_version: string;
  status: TrainingStatus;
  thumbnail_url: string | null;
  created_at: string;
  in_progress_at: string | null;
  fail_reason: string | null;
  inputImages: unknown[];
  polls: number;
  fault?: FakeFault;
};

export type HiggsfieldMotion = { id: string; name: string; description: string; preview_url: string; start_end_frame: boolean };

/** A 422 the fake answered: the request path (without query), the body it refused, and why. */
export type HiggsfieldRejection = { path: string; body: unknown; detail: HiggsfieldIssue[] | string };

const MOTION_NAMES = [
  "Pan", "Whip Pan", "Zoom In", "Zoom Out", "Crash Zoom In", "Crash Zoom Out", "Tilt Up", "Tilt Down",
  "Dolly In", "Dolly Out", "Dolly Left", "Dolly Right", "Dolly Zoom In", "360 Orbit", "Orbit", "Arc Left",
  "Arc Right", "Crane Up", "Crane Down", "FPV Drone", "Bullet Time", "Static", "General", "Handheld",
];
const START_END_FRAME = new Set(["Static", "General", "Zoom In", "Zoom Out", "Dolly In", "Dolly Out", "Pan"]);

const TRAINING_PATH = "v1/custom-references";
/** A training only moves forward: to a status of a higher step. */
const TRAINING_STEP: Record<TrainingStatus, number> = { not_ready: 0, queued: 1, in_progress: 2, completed: 3, failed: 3 };
const SERVER_ERROR = { detail: "Internal server error" };
const MARKERS = /\[fake:([a-z0-9-]+)(?::([a-z0-9/._-]+))?\]/gi;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The first marker in `text` that names a known fault and whose scope, if any, `endpoint` contains. */
function faultFor(text: unknown, endpoint: string): FakeFault | undefined {
  if (typeof text !== "string") return undefined;
  for (const [, name, scope] of text.matchAll(MARKERS)) {
    const fault = name!.toLowerCase();
    if (!(FAKE_FAULTS as readonly string[]).includes(fault)) continue;
    if (scope && !endpoint.toLowerCase().includes(scope.toLowerCase())) continue;
    return fault as FakeFault;
  }
  return undefined;
}

/** The same JSON whatever the order of its keys, to compare request bodies. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function isImageBytes(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
  const webp = bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP";
  return png || jpeg || webp;
}

/** Why an image URL cannot be used, or undefined when it downloads as an image. */
async function downloadProblem(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (res.status !== 200) return `HTTP ${res.status}`;
    if (!isImageBytes(Buffer.from(await res.arrayBuffer()))) return "not a PNG, JPEG or WebP image";
    return undefined;
  } catch (error) {
    return String((error as Error).message ?? error);
  }
}

export async function startHiggsfieldFake(options: HiggsfieldFakeOptions = {}) {
  const redirectTo = options.redirectTo ?? "http://127.0.0.1:9/";
  const apiKey = options.apiKey ?? "hf-fake-key:hf-fake-secret";
  const initial: Settings = { fetchImages: options.fetchImages ?? false, trainingPolls: options.trainingPolls ?? 3, concurrencyLimit: options.concurrencyLimit };
  let settings: Settings = { ...initial };
  const controls = createFakeControls<{ requestId: string }>();
  const models = new Map<string, HiggsfieldModel>(Object.entries(HIGGSFIELD_MODELS));
  const references = new Map<string, FakeReference>();
  const idempotency = new Map<string, { fingerprint: string; requestId: string }>();
  const rejections: HiggsfieldRejection[] = [];
  const fetchedImages: string[] = [];
  const counts = { trainingRequests: 0, motionsRequests: 0, idempotentReplays: 0 };
  let baseUrl = "";
  let motions: HiggsfieldMotion[] = [];

  const reject = (req: RecordedRequest, detail: HiggsfieldIssue[] | string): FakeReply => {
    rejections.push({ path: req.pathname, body: req.body, detail });
    return { status: 422, body: { detail } };
  };

  const lookups: HiggsfieldLookups = {
    reference(id) {
      const reference = references.get(id);
      if (!reference) return `custom reference ${id} not found`;
      if (reference.status !== "completed") return `custom reference ${id} is not ready (status: ${reference.status})`;
      return undefined;
    },
    motion: (id) => (motions.some((m) => m.id === id) ? undefined : `motion ${id} not found`),
  };

  /** Downloads the images of a valid body when `fetchImages` is on; one issue per image that fails. */
  const imageIssues = async (images: HiggsfieldImageInput[]): Promise<HiggsfieldIssue[]> => {
    if (!settings.fetchImages) return [];
    const problems = await Promise.all(
      images.map(async ({ loc, url }) => {
        fetchedImages.push(url);
        const problem = await downloadProblem(url);
        return problem ? { type: "value_error", loc, msg: `Value error, Could not download image: ${problem}`, input: url } : undefined;
      }),
    );
    return problems.filter((p) => p !== undefined);
  };

  /** What a faulty submit or training request answers instead of being accepted. */
  const submitFaultReply = (req: RecordedRequest, fault: FakeFault | undefined, field: string): FakeReply | "hang" | undefined => {
    if (fault === "500") return { status: 500, body: SERVER_ERROR };
    if (fault === "timeout") return "hang";
    if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"status": "queued", "request_id": ' };
    if (fault === "rejected") {
      const input = (req.body as Record<string, unknown>)[field];
      return reject(req, [{ type: "value_error", loc: ["body", field], msg: "Value error, input rejected by the model", input }]);
    }
    return undefined;
  };

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
    const video = models.get(job.endpoint)?.output === "video";
    if (job.fault === "empty") return { status: "completed", ...common, ...(video ? { video: null } : { images: [] }) };
    if (video) return { status: "completed", ...common, video: { url: file("clip.mp4") } };
    const count = Number(job.input.num_images ?? job.input.batch_size ?? 1);
    return { status: "completed", ...common, images: Array.from({ length: count }, (_, i) => ({ url: file(`image-${i}.png`) })) };
  };

  const deliver = (job: FakeJob) => {
    if (!job.webhookUrl) return;
    const rawBody = JSON.stringify(statusOf(job));
    controls.sendWebhook(job.webhookUrl, rawBody, {}, { requestId: job.id });
  };

  const book = createFakeJobBook(controls.behaviour, deliver);

  /** The answer to a repeated Idempotency-Key, or undefined when the key is new. */
  const replayOf = (req: RecordedRequest, key: string, fingerprint: string): FakeReply | undefined => {
    const seen = idempotency.get(key);
    if (!seen) return undefined;
    if (seen.fingerprint !== fingerprint) return reject(req, "Idempotency key reused with a different request body");
    counts.idempotentReplays += 1;
    return { status: 200, body: statusOf(book.jobs.get(seen.requestId)!) };
  };

  const submit = async (req: RecordedRequest): Promise<FakeReply | "hang"> => {
    const endpoint = req.pathname.replace(/^\/+/, "");
    const model = models.get(endpoint);
    if (!model) return { status: 404, body: { detail: "model_not_found" } };
    const header = req.headers["idempotency-key"];
    const key = Array.isArray(header) ? header[0] : header;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return { status: 400, body: { detail: "Idempotency-Key must be 1 to 255 visible ASCII characters" } };
    }
    const fingerprint = `${endpoint}\n${canonical(req.body)}`;
    const replay = key === undefined ? undefined : replayOf(req, key, fingerprint);
    if (replay) return replay;

    const body = bodyOrIssue(req);
    if (!("input" in body)) return reject(req, [body.issue]);
    const checked = checkHiggsfieldBody(model.fields, body.input, lookups);
    if (checked.issues.length > 0) return reject(req, checked.issues);
    const unreachable = await imageIssues(checked.images);
    if (unreachable.length > 0) return reject(req, unreachable);

    const input = body.input as Record<string, unknown>;
    const fault = controls.behaviour().fault ?? faultFor(input.prompt, endpoint);
    const faulty = submitFaultReply(req, fault, "prompt");
    if (faulty) return faulty;
    // The downloads above let a twin request with the same key through; it wins.
    const twin = key === undefined ? undefined : replayOf(req, key, fingerprint);
    if (twin) return twin;
    const active = [...book.jobs.values()].filter((job) => job.phase !== "done").length;
    if (settings.concurrencyLimit !== undefined && active >= settings.concurrencyLimit) {
      return { status: 400, body: { detail: `Maximum number of concurrent requests (${settings.concurrencyLimit}) has been reached` } };
    }
    const job = book.add({ id: randomUUID(), endpoint, input, fault, webhookUrl: req.query.get("hf_webhook") ?? undefined });
    if (key !== undefined) idempotency.set(key, { fingerprint, requestId: job.id });
    return { status: 200, body: statusOf(job) };
  };

  const referenceBody = (r: FakeReference) => ({
    id: r.id,
    name: r.name,
    model_version: r.model_version,
    status: r.status,
    thumbnail_url: r.thumbnail_url,
    created_at: r.created_at,
    in_progress_at: r.in_progress_at,
    fail_reason: r.fail_reason,
  });

  const settle = (reference: FakeReference, status: TrainingStatus) => {
    if (TRAINING_STEP[status] <= TRAINING_STEP[reference.status]) return;
    reference.status = status;
    if (status !== "not_ready" && status !== "queued") reference.in_progress_at ??= new Date().toISOString();
    if (status === "completed") reference.thumbnail_url = outputFileUrl(baseUrl, undefined, `references/${reference.id}/thumbnail.png`, redirectTo);
    if (status === "failed") reference.fail_reason = "Not enough distinct faces";
  };

  /** Where a training stands after its polls: the last poll of `trainingPolls` finishes it. */
  const advance = (reference: FakeReference) => {
    const polls = settings.trainingPolls;
    let next: TrainingStatus = reference.polls >= polls ? "completed" : reference.polls === polls - 1 ? "in_progress" : reference.polls > 0 ? "queued" : "not_ready";
    if (next === "completed" && reference.fault === "never") next = "in_progress";
    if (next === "completed" && reference.fault === "failed") next = "failed";
    settle(reference, next);
  };

  const addReference = (fields: { name?: string; model_version?: string; inputImages?: unknown[]; fault?: FakeFault }): FakeReference => {
    const reference: FakeReference = {
      id: randomUUID(),
      name: fields.name ?? "Character",
      model_version: fields.model_version ?? "v1",
      status: "not_ready",
      thumbnail_url: null,
      created_at: new Date().toISOString(),
      in_progress_at: null,
      fail_reason: null,
      inputImages: fields.inputImages ?? [],
      polls: 0,
      fault: fields.fault,
    };
    references.set(reference.id, reference);
    return reference;
  };

  const train = async (req: RecordedRequest): Promise<FakeReply | "hang"> => {
    counts.trainingRequests += 1;
    const body = bodyOrIssue(req);
    if (!("input" in body)) return reject(req, [body.issue]);
    const checked = checkHiggsfieldBody(TRAINING_FIELDS, body.input, lookups);
    if (checked.issues.length > 0) return reject(req, checked.issues);
    const unreachable = await imageIssues(checked.images);
    if (unreachable.length > 0) return reject(req, unreachable);
    const input = body.input as { name: string; input_images: unknown[]; model_version?: string };
    const fault = controls.behaviour().fault ?? faultFor(input.name, TRAINING_PATH);
    const faulty = submitFaultReply(req, fault, "name");
    if (faulty) return faulty;
    const reference = addReference({ name: input.name, model_version: input.model_version ?? "v1", inputImages: input.input_images, fault });
    advance(reference);
    return { status: 200, body: referenceBody(reference) };
  };

  const listReferences = (req: RecordedRequest): FakeReply => {
    const issues: HiggsfieldIssue[] = [];
    const number = (name: string, fallback: number, max: number) => {
      const raw = req.query.get(name);
      const value = raw === null ? fallback : Number(raw);
      if (!Number.isInteger(value)) issues.push({ type: "int_parsing", loc: ["query", name], msg: "Input should be a valid integer, unable to parse string as an integer", input: raw });
      else if (value < 1) issues.push({ type: "greater_than_equal", loc: ["query", name], msg: "Input should be greater than or equal to 1", input: raw, ctx: { ge: 1 } });
      else if (value > max) issues.push({ type: "less_than_equal", loc: ["query", name], msg: `Input should be less than or equal to ${max}`, input: raw, ctx: { le: max } });
      return value;
    };
    const page = number("page", 1, Number.MAX_SAFE_INTEGER);
    const pageSize = number("page_size", 20, 100);
    if (issues.length > 0) return reject(req, issues);
    const all = [...references.values()].reverse();
    const items = all.slice((page - 1) * pageSize, page * pageSize).map(referenceBody);
    return { status: 200, body: { total: all.length, page, page_size: pageSize, total_pages: Math.ceil(all.length / pageSize), items } };
  };

  const routeReference = (req: RecordedRequest, id: string): FakeReply | "hang" | undefined => {
    const reference = references.get(id);
    if (req.method !== "GET" && req.method !== "DELETE") return undefined;
    if (!reference) return { status: 404, body: { detail: "Not found" } };
    if (req.method === "DELETE") {
      references.delete(id);
      return { status: 204 };
    }
    const faulty = pollFaultReply(controls.behaviour(), { status: 500, body: SERVER_ERROR });
    if (faulty) return faulty;
    reference.polls += 1;
    advance(reference);
    return { status: 200, body: referenceBody(reference) };
  };

  const routeRequest = (req: RecordedRequest, id: string, op: string): FakeReply | "hang" | undefined => {
    const job = book.jobs.get(id);
    if (!job) return { status: 404, body: { detail: "Request not found" } };
    if (req.method === "GET" && op === "status") {
      const faulty = pollFaultReply(controls.behaviour(), { status: 500, body: SERVER_ERROR });
      if (faulty) return faulty;
      book.poll(job);
      return { status: 200, body: statusOf(job) };
    }
    if (req.method === "POST" && op === "cancel") {
      if (job.phase !== "queued") return { status: 400, body: { detail: "Request can only be cancelled while queued" } };
      book.cancel(job);
      return { status: 202, body: { detail: "Cancelled" } };
    }
    return undefined;
  };

  const route = (req: RecordedRequest): Promise<FakeReply | "hang"> | FakeReply | "hang" | undefined => {
    if (req.headers.authorization !== `Key ${apiKey}`) return { status: 401, body: { detail: "Invalid credentials" } };
    const { method, pathname } = req;
    if (method === "GET" && pathname === "/v1/motions") {
      counts.motionsRequests += 1;
      return { status: 200, body: motions };
    }
    if (pathname === `/${TRAINING_PATH}`) return method === "POST" ? train(req) : undefined;
    if (pathname === `/${TRAINING_PATH}/list`) return method === "GET" ? listReferences(req) : undefined;
    const reference = new RegExp(`^/${TRAINING_PATH}/([^/]+)$`).exec(pathname);
    if (reference) return routeReference(req, reference[1]!);
    const request = /^\/requests\/([^/]+)\/(status|cancel)$/.exec(pathname);
    if (request) return routeRequest(req, request[1]!, request[2]!);
    return method === "POST" ? submit(req) : undefined;
  };

  const server = await startFakeServer(async (req) => {
    const reply = await route(req);
    if (reply === undefined || reply === "hang") return reply;
    return { ...reply, headers: { ...reply.headers, "x-correlation-id": randomUUID() } };
  });
  baseUrl = server.url;
  motions = MOTION_NAMES.map((name) => ({
    id: randomUUID(),
    name,
    description: `${name} camera movement`,
    preview_url: `${baseUrl}/files/motions/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.mp4`,
    start_end_frame: START_END_FRAME.has(name),
  }));
  const base = controls.controlsFor(server, book);

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    jobs: book.jobs,
    webhooks: controls.webhooks,
    /** Every 422 answered, for a test to assert that none happened. */
    rejections,
    /** The image URLs downloaded at submit under `fetchImages`, in order. */
    fetchedImages,
    /** Soul IDs by id: trained through the API or added with `addReference`. */
    references,
    /** The camera motions GET /v1/motions lists; ids are new for each fake. */
    motions: motions as readonly HiggsfieldMotion[],
    /** POST /v1/custom-references calls that passed auth, accepted or not. */
    get trainingRequests() {
      return counts.trainingRequests;
    },
    get motionsRequests() {
      return counts.motionsRequests;
    },
    /** Submits answered with the request an earlier one made under the same Idempotency-Key. */
    get idempotentReplays() {
      return counts.idempotentReplays;
    },
    /** The model ids served: Higgsfield's own and any deployed. */
    models,
    /** Serves another model id; see HiggsfieldDeployment for `like`, `fields` and `output`. */
    deploy(modelId: string, deployment: HiggsfieldDeployment) {
      models.set(modelId, deployedModel(deployment, deployment.like === undefined ? undefined : models.get(deployment.like)));
    },
    /** A Soul ID ready for generation (status completed unless given), without a training flow. */
    addReference(fields: { name?: string; model_version?: string; status?: TrainingStatus } = {}): FakeReference {
      const reference = addReference(fields);
      settle(reference, fields.status ?? "completed");
      return reference;
    },
    /** Changes `fetchImages`, `concurrencyLimit` or `trainingPolls` until the next reset. */
    setOptions(next: Partial<Settings>) {
      settings = { ...settings, ...next };
    },
    ...base,
    /** Also forgets rejections, downloads and counts, and restores the start options; jobs, Soul IDs, keys and deployed models stay. */
    reset() {
      base.reset();
      settings = { ...initial };
      rejections.length = 0;
      fetchedImages.length = 0;
      counts.trainingRequests = 0;
      counts.motionsRequests = 0;
      counts.idempotentReplays = 0;
    },
  };
}

/** The parsed JSON body, or the issue FastAPI answers for a body that is missing or not JSON. */
function bodyOrIssue(req: RecordedRequest): { input: unknown } | { issue: HiggsfieldIssue } {
  if (req.rawBody === "") return { issue: { type: "missing", loc: ["body"], msg: "Field required" } };
  if (req.body === undefined) return { issue: { type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {}, ctx: { error: "Expecting value" } } };
  return { input: req.body };
}

export type HiggsfieldFake = Awaited<ReturnType<typeof startHiggsfieldFake>>;
