// A local Runway API (PROVIDERS.md section 7) for gen4.5: Bearer auth, the X-Runway-Version header,
// POST /v1/text_to_video and /v1/image_to_video validated as strictly as Runway does (the SDK
// checks nothing itself), GET /v1/tasks/{id} through PENDING, RUNNING and SUCCEEDED or FAILED,
// and DELETE /v1/tasks/{id}, after which the task is gone. Runway sends no webhooks.
import { randomUUID } from "node:crypto";
import { createFakeControls } from "./fake-controls";
import { createFakeJobBook, pollFaultReply, type FakeJob } from "./fake-job-book";
import { outputFileUrl, startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { faultOf } from "./fault-marker";

export const RUNWAY_VERSION = "2024-11-06";
const DOC_URL = "https://docs.dev.runwayml.com/api";
const CREDITS_PER_SECOND = 12;

const T2V_RATIOS = ["1280:720", "720:1280"];
const I2V_RATIOS = ["1280:720", "720:1280", "1104:832", "960:960", "832:1104", "1584:672"];
const OUTPUT_FORMATS = [
  "mp4", "prores", "png_sequence", "hdr10", "hlg", "sdr_rec709_10bit", "hdr_pq_12bit_master", "hdr_prores",
  "hdr_png_sequence", "hdr_exr_sequence", "hdr_exr_acescg_sequence_1_3", "hdr_exr_acescg_sequence_2_0",
];
const PRORES_PROFILES = ["422", "4444", "422 Proxy", "422 LT", "422 HQ", "4444 XQ"];
const T2V_FIELDS = ["model", "promptText", "ratio", "duration", "seed", "contentModeration", "outputFormat", "proresProfile"];

type Issue = { code: string; path: Array<string | number>; message: string; [extra: string]: unknown };
type Body = Record<string, unknown>;

/** Every error Runway answers says not to retry it, so the SDK never loops against the fake. */
const error = (status: number, body: Record<string, unknown>): FakeReply => ({ status, headers: { "x-should-retry": "false" }, body });
const invalid = (issues: Issue[]) => error(400, { error: "Validation of body failed", issues, docUrl: DOC_URL });

const kindOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
const wrongType = (path: string, expected: string, value: unknown): Issue => ({
  code: "invalid_type", expected, path: [path], message: `Invalid input: expected ${expected}, received ${kindOf(value)}`,
});
const notOneOf = (path: string, values: string[]): Issue => ({
  code: "invalid_value", values, path: [path], message: `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join("|")}`,
});

function integerIssue(body: Body, field: string, min: number, max: number, required: boolean): Issue | undefined {
  const value = body[field];
  if (value === undefined) return required ? wrongType(field, "number", value) : undefined;
  if (typeof value !== "number") return wrongType(field, "number", value);
  if (!Number.isInteger(value)) return wrongType(field, "int", value);
  if (value < min) return { code: "too_small", minimum: min, path: [field], message: `Too small: expected number to be >=${min}` };
  if (value > max) return { code: "too_big", maximum: max, path: [field], message: `Too big: expected number to be <=${max}` };
  return undefined;
}

function enumIssue(body: Body, field: string, values: string[], required: boolean): Issue | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  return typeof value === "string" && values.includes(value) ? undefined : notOneOf(field, values);
}

/** An https URL on a host name, an image data URI, or a runway:// upload URI. */
function isImageUri(uri: unknown): boolean {
  if (typeof uri !== "string") return false;
  if (uri.startsWith("runway://")) return uri.length > "runway://".length;
  if (/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(uri)) return true;
  try {
    const url = new URL(uri);
    return url.protocol === "https:" && uri.length <= 2048 && !/^[\d.]+$|^\[/.test(url.hostname);
  } catch {
    return false;
  }
}

function promptImageIssue(value: unknown): Issue | undefined {
  const items = typeof value === "string" ? [{ uri: value, position: "first" }] : value;
  const ok =
    Array.isArray(items) && items.length === 1 &&
    items.every((item) => item && typeof item === "object" && item.position === "first" && isImageUri(item.uri) && Object.keys(item).length === 2);
  if (ok) return undefined;
  return { code: "custom", path: ["promptImage"], message: "Invalid input: expected an HTTPS URL, a data:image URI or a runway:// URI (position \"first\")" };
}

/** The issues Runway would list for a gen4.5 create body; empty when it would accept it. */
export function issuesOf(body: unknown, kind: "text" | "image"): Issue[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) return [{ ...wrongType("", "object", body), path: [] }];
  const b = body as Body;
  if (b.model !== "gen4.5") return [notOneOf("model", ["gen4.5"])];
  const fields = kind === "image" ? [...T2V_FIELDS, "promptImage"] : T2V_FIELDS;
  const unknown = Object.keys(b).filter((key) => !fields.includes(key));
  const issues: Array<Issue | undefined> = [];
  if (unknown.length) issues.push({ code: "unrecognized_keys", keys: unknown, path: [], message: `Unrecognized key${unknown.length > 1 ? "s" : ""}: ${unknown.map((k) => `"${k}"`).join(", ")}` });
  if (typeof b.promptText !== "string") issues.push(wrongType("promptText", "string", b.promptText));
  else if (b.promptText.length === 0) issues.push({ code: "too_small", minimum: 1, path: ["promptText"], message: "Too small: expected string to have >=1 characters" });
  else if (b.promptText.length > 1000) issues.push({ code: "too_big", maximum: 1000, path: ["promptText"], message: "Too big: expected string to have <=1000 characters" });
  if (kind === "image") issues.push(promptImageIssue(b.promptImage));
  issues.push(enumIssue(b, "ratio", kind === "image" ? I2V_RATIOS : T2V_RATIOS, true));
  issues.push(integerIssue(b, "duration", 2, 10, true));
  issues.push(integerIssue(b, "seed", 0, 4_294_967_295, false));
  issues.push(enumIssue(b, "outputFormat", OUTPUT_FORMATS, false));
  issues.push(enumIssue(b, "proresProfile", PRORES_PROFILES, false));
  const moderation = b.contentModeration;
  if (moderation !== undefined) {
    const m = moderation as Body;
    const ok = m && typeof m === "object" && !Array.isArray(m) && Object.keys(m).every((k) => k === "publicFigureThreshold") &&
      (m.publicFigureThreshold === undefined || m.publicFigureThreshold === "auto" || m.publicFigureThreshold === "low");
    if (!ok) issues.push({ code: "custom", path: ["contentModeration"], message: "Invalid input: expected { publicFigureThreshold?: \"auto\" | \"low\" }" });
  }
  return issues.filter((i): i is Issue => i !== undefined);
}

export async function startRunwayFake(options: { apiKey?: string; redirectTo?: string } = {}) {
  const redirectTo = options.redirectTo ?? "http://127.0.0.1:9/";
  const apiKey = options.apiKey ?? `key_${"0f".repeat(64)}`;
  const controls = createFakeControls<{ taskId: string }>();
  const book = createFakeJobBook(controls.behaviour, () => {});
  /** Tasks removed by DELETE: Runway never shows them again. */
  const deleted = new Set<string>();
  let baseUrl = "";

  const creditsOf = (job: FakeJob) => CREDITS_PER_SECOND * Number(job.input.duration ?? 0);

  const taskOf = (job: FakeJob) => {
    const common = { id: job.id, createdAt: job.createdAt.toISOString() };
    const estimatedCost = { credits: creditsOf(job) };
    if (job.phase === "queued") return { ...common, status: "PENDING", estimatedCost };
    if (job.phase === "running") return { ...common, status: "RUNNING", estimatedCost, progress: job.polls > 2 ? 0.6 : 0.1 };
    if (job.cancelled) return { ...common, status: "CANCELLED", cost: { credits: 0 } };
    if (job.fault === "moderation") {
      return { ...common, status: "FAILED", failure: "The prompt was flagged by our content moderation system.", failureCode: "SAFETY.INPUT.TEXT", cost: { credits: 0 } };
    }
    if (job.fault === "failed") {
      return { ...common, status: "FAILED", failure: 'Generation failed: {"code":13,"message":"internal"}', failureCode: "INTERNAL", cost: { credits: 0 } };
    }
    const output = job.fault === "empty" ? [] : [outputFileUrl(baseUrl, job.fault, `${job.id}.mp4`, redirectTo)];
    return { ...common, status: "SUCCEEDED", output, cost: { credits: creditsOf(job) } };
  };

  const create = (req: RecordedRequest, kind: "text" | "image"): FakeReply | "hang" => {
    const issues = issuesOf(req.body, kind);
    if (issues.length) return invalid(issues);
    const input = req.body as Body;
    const fault = controls.behaviour().fault ?? faultOf(input.promptText);
    if (fault === "500") return error(500, { error: "An unexpected error occurred." });
    if (fault === "timeout") return "hang";
    if (fault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"id": ' };
    if (fault === "rejected") return invalid([{ code: "custom", path: ["promptText"], message: "The prompt could not be processed." }]);
    const job = book.add({ id: randomUUID(), endpoint: String(input.model), input, fault });
    return { status: 200, body: { id: job.id, estimatedCost: { credits: creditsOf(job) } } };
  };

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, { error: "Invalid API key. Make sure it is correct and active." });
    if (req.headers["x-runway-version"] !== RUNWAY_VERSION) {
      return error(400, { error: `The X-Runway-Version header must be set to a supported API version, e.g. ${RUNWAY_VERSION}.`, docUrl: DOC_URL });
    }
    if (req.pathname === "/v1/text_to_video" || req.pathname === "/v1/image_to_video") {
      if (req.method !== "POST") return error(405, { error: "Method not allowed" });
      return create(req, req.pathname === "/v1/text_to_video" ? "text" : "image");
    }
    const byId = /^\/v1\/tasks\/([^/]+)$/.exec(req.pathname);
    const job = byId && !deleted.has(byId[1]!) ? book.jobs.get(byId[1]!) : undefined;
    if (!byId) return error(404, { error: "Not found", docUrl: DOC_URL });
    if (!job) return error(404, { error: "Task not found" });
    if (req.method === "GET") {
      const faulty = pollFaultReply(controls.behaviour(), error(500, { error: "An unexpected error occurred." }));
      if (faulty) return faulty;
      book.poll(job);
      return { status: 200, body: taskOf(job) };
    }
    if (req.method === "DELETE") {
      book.cancel(job);
      deleted.add(job.id);
      return { status: 204 };
    }
    return error(405, { error: "Method not allowed" });
  });
  baseUrl = server.url;

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    jobs: book.jobs,
    deleted,
    ...controls.controlsFor(server, book),
  };
}

export type RunwayFake = Awaited<ReturnType<typeof startRunwayFake>>;
