import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "../providers/webhook-receiver";
import { startHiggsfieldFake, type HiggsfieldFake } from "./higgsfield-fake";

let fake: HiggsfieldFake;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  fake = await startHiggsfieldFake();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await fake.close();
  await receiver.close();
});
beforeEach(() => {
  fake.reset();
  receiver.received.length = 0;
});

type Answer = { status: number; body: any; headers: Headers };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Key ${fake.apiKey}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const IMAGE = "https://cdn.example/frame.png";
const motionId = (name: string) => fake.motions.find((m) => m.name === name)!.id;
const pollStatus = (id: string) => call("GET", `/requests/${id}/status`);
const ready = () => fake.addReference({ name: "Mara" }).id;

/** A valid body for each endpoint kind. */
const valid = {
  "higgsfield-ai/soul/standard": () => ({ prompt: "a lighthouse", num_images: 1, resolution: "2K", aspect_ratio: "16:9" }),
  "higgsfield-ai/soul/character": () => ({ prompt: "Mara at dusk", custom_reference_id: ready(), custom_reference_strength: 1, resolution: "1080p", aspect_ratio: "16:9", batch_size: 1 }),
  "higgsfield-ai/soul/reference": () => ({ prompt: "Mara at dusk", image_reference_url: IMAGE, style_strength: 0.5 }),
  "higgsfield-ai/dop/standard": () => ({ prompt: "she turns", image_url: IMAGE, motions: [{ id: motionId("Dolly In"), strength: 0.8 }], enhance_prompt: true }),
  "higgsfield-ai/dop/lite": () => ({ prompt: "she turns", image_url: IMAGE, end_image_url: IMAGE, seed: 42 }),
  "higgsfield-ai/dop/turbo": () => ({ prompt: "she turns", image_url: IMAGE, motions: [] }),
};
const ENDPOINTS = Object.keys(valid) as (keyof typeof valid)[];

async function trainingOf(name: string): Promise<Answer> {
  return call("POST", "/v1/custom-references", { name, input_images: [{ type: "image_url", image_url: IMAGE }] });
}

describe("Higgsfield fake: submits", () => {
  it("refuses a wrong key with 401 Invalid credentials", async () => {
    const res = await call("POST", "/higgsfield-ai/soul/standard", valid["higgsfield-ai/soul/standard"](), { authorization: "Key no:pe" });
    expect(res).toMatchObject({ status: 401, body: { detail: "Invalid credentials" } });
  });

  it.each(ENDPOINTS)("accepts a documented body on %s and tags the answer with a correlation id", async (endpoint) => {
    const res = await call("POST", `/${endpoint}`, valid[endpoint]());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "queued",
      request_id: expect.any(String),
      status_url: `${fake.url}/requests/${res.body.request_id}/status`,
      cancel_url: `${fake.url}/requests/${res.body.request_id}/cancel`,
    });
    expect(res.headers.get("x-correlation-id")).toBeTruthy();
    expect(fake.rejections).toEqual([]);
  });

  it.each(ENDPOINTS)("refuses an undocumented field on %s with extra_forbidden, and records the 422", async (endpoint) => {
    const body = { ...valid[endpoint](), duration: 5 };
    const jobs = fake.jobs.size;
    const res = await call("POST", `/${endpoint}`, body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: [{ type: "extra_forbidden", loc: ["body", "duration"], msg: "Extra inputs are not permitted", input: 5 }] });
    expect(fake.rejections).toEqual([{ path: `/${endpoint}`, body, detail: res.body.detail }]);
    expect(fake.jobs.size).toBe(jobs);
  });

  it("refuses the wrong fields of older or third-party bodies", async () => {
    const res = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", input_images: [{ type: "image_url", image_url: IMAGE }], camera_motion: "Dolly In" });
    expect(res.body.detail).toEqual([
      { type: "missing", loc: ["body", "image_url"], msg: "Field required" },
      expect.objectContaining({ type: "extra_forbidden", loc: ["body", "input_images"] }),
      expect.objectContaining({ type: "extra_forbidden", loc: ["body", "camera_motion"], input: "Dolly In" }),
    ]);
  });

  it.each([
    ["higgsfield-ai/soul/standard", {}, "prompt"],
    ["higgsfield-ai/soul/character", { prompt: "x" }, "custom_reference_id"],
    ["higgsfield-ai/soul/reference", { prompt: "x" }, "image_reference_url"],
    ["higgsfield-ai/dop/standard", { prompt: "x" }, "image_url"],
    ["higgsfield-ai/dop/turbo", { image_url: IMAGE }, "prompt"],
  ])("answers a missing required field on %s as missing", async (endpoint, body, field) => {
    const res = await call("POST", `/${endpoint}`, body);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([{ type: "missing", loc: ["body", field], msg: "Field required" }]);
  });

  it("does not take a Soul ID on soul/reference", async () => {
    const res = await call("POST", "/higgsfield-ai/soul/reference", { ...valid["higgsfield-ai/soul/reference"](), custom_reference_id: ready() });
    expect(res.body.detail).toEqual([expect.objectContaining({ type: "extra_forbidden", loc: ["body", "custom_reference_id"] })]);
  });

  it("collects every bad value of a body in one detail list", async () => {
    const res = await call("POST", "/higgsfield-ai/soul/standard", { prompt: 7, num_images: 5, resolution: "720p", aspect_ratio: "7:3" });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      { type: "string_type", loc: ["body", "prompt"], msg: "Input should be a valid string", input: 7 },
      { type: "less_than_equal", loc: ["body", "num_images"], msg: "Input should be less than or equal to 4", input: 5, ctx: { le: 4 } },
      { type: "literal_error", loc: ["body", "resolution"], msg: "Input should be '2K' or '4K'", input: "720p", ctx: { expected: "'2K' or '4K'" } },
      expect.objectContaining({ type: "literal_error", loc: ["body", "aspect_ratio"], input: "7:3" }),
    ]);
  });

  it.each([
    [{ image_url: "frame.png" }, ["body", "image_url"], "url_parsing"],
    [{ image_url: "ftp://cdn.example/a.png" }, ["body", "image_url"], "url_scheme"],
    [{ seed: 0 }, ["body", "seed"], "greater_than_equal"],
    [{ seed: 1.5 }, ["body", "seed"], "int_from_float"],
    [{ enhance_prompt: "yes" }, ["body", "enhance_prompt"], "bool_type"],
  ])("checks DoP values: %j", async (change, loc, type) => {
    const res = await call("POST", "/higgsfield-ai/dop/standard", { ...valid["higgsfield-ai/dop/standard"](), ...change });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ type, loc })]);
  });

  it("takes at most two motions of {id, strength}, each a motion it lists", async () => {
    const pan = { id: motionId("Pan"), strength: 0.5 };
    const tooMany = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: IMAGE, motions: [pan, pan, pan] });
    expect(tooMany.body.detail).toEqual([expect.objectContaining({ type: "too_long", loc: ["body", "motions"] })]);
    const bad = await call("POST", "/higgsfield-ai/dop/standard", {
      prompt: "x",
      image_url: IMAGE,
      motions: [{ id: "aab8440c-0d65-4554-b88a-7a9a5e084b6e", strength: 2 }, { id: pan.id, strength: 1, name: "Pan" }],
    });
    expect(bad.body.detail).toEqual([
      expect.objectContaining({ type: "value_error", loc: ["body", "motions", 0, "id"], msg: expect.stringContaining("not found") }),
      expect.objectContaining({ type: "less_than_equal", loc: ["body", "motions", 0, "strength"] }),
      expect.objectContaining({ type: "extra_forbidden", loc: ["body", "motions", 1, "name"] }),
    ]);
    const named = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: IMAGE, motions: ["Pan"] });
    expect(named.body.detail).toEqual([expect.objectContaining({ type: "model_attributes_type", loc: ["body", "motions", 0] })]);
  });

  it("takes on soul/character only a Soul ID it trained that has completed", async () => {
    const body = valid["higgsfield-ai/soul/character"]();
    const unknown = await call("POST", "/higgsfield-ai/soul/character", { ...body, custom_reference_id: "d2389a9a-91c2-4276-bc9c-c9e35e8fb85a" });
    expect(unknown.body.detail).toEqual([
      expect.objectContaining({ type: "value_error", loc: ["body", "custom_reference_id"], msg: expect.stringContaining("not found") }),
    ]);
    const training = await trainingOf("Mara");
    const early = await call("POST", "/higgsfield-ai/soul/character", { ...body, custom_reference_id: training.body.id });
    expect(early.body.detail).toEqual([expect.objectContaining({ loc: ["body", "custom_reference_id"], msg: expect.stringContaining("not ready (status: not_ready)") })]);
    const notUuid = await call("POST", "/higgsfield-ai/soul/character", { ...body, custom_reference_id: "mara" });
    expect(notUuid.body.detail).toEqual([expect.objectContaining({ type: "uuid_parsing" })]);
    expect((await call("POST", "/higgsfield-ai/soul/character", body)).status).toBe(200);
  });

  it("answers 404 model_not_found for a model id it does not serve, such as the old /v1/generations", async () => {
    for (const path of ["/higgsfield-ai/soul/cinematic", "/v1/generations", "/higgsfield-soul"]) {
      expect(await call("POST", path, { prompt: "x" })).toMatchObject({ status: 404, body: { detail: "model_not_found" } });
    }
  });

  it("answers a body that is not JSON, or none, as FastAPI does", async () => {
    const res = await fetch(`${fake.url}/higgsfield-ai/soul/standard`, { method: "POST", headers: { authorization: `Key ${fake.apiKey}` }, body: "{nope" });
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].type).toBe("json_invalid");
    expect((await call("POST", "/higgsfield-ai/soul/standard")).body.detail).toEqual([{ type: "missing", loc: ["body"], msg: "Field required" }]);
    expect((await call("POST", "/higgsfield-ai/soul/standard", ["x"])).body.detail[0].type).toBe("model_attributes_type");
  });
});

describe("Higgsfield fake: requests", () => {
  it("runs a request through queued, in_progress and completed on polls, with images from Soul", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const { body } = await call("POST", "/higgsfield-ai/soul/character", { ...valid["higgsfield-ai/soul/character"](), batch_size: 4 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await pollStatus(body.request_id)).body);
    expect(statuses.map((s) => s.status)).toEqual(["queued", "in_progress", "completed"]);
    const done = statuses.at(-1);
    expect(done.images).toHaveLength(4);
    expect(done.video).toBeUndefined();
    const png = Buffer.from(await (await fetch(done.images[0].url)).arrayBuffer());
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  });

  it("makes a video on DoP, chosen by the endpoint", async () => {
    fake.setBehaviour({ completeAfterMs: 0 });
    const { body } = await call("POST", "/higgsfield-ai/dop/lite", valid["higgsfield-ai/dop/lite"]());
    await new Promise((r) => setTimeout(r, 20));
    const done = (await pollStatus(body.request_id)).body;
    expect(done).toMatchObject({ status: "completed", video: { url: expect.stringMatching(/\.mp4$/) } });
    expect(done.images).toBeUndefined();
    const mp4 = Buffer.from(await (await fetch(done.video.url)).arrayBuffer());
    expect(mp4.subarray(4, 8).toString("ascii")).toBe("ftyp");
  });

  it("cancels with 202 only while queued, then reports canceled", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const queued = (await call("POST", "/higgsfield-ai/dop/standard", valid["higgsfield-ai/dop/standard"]())).body.request_id;
    expect((await call("POST", `/requests/${queued}/cancel`)).status).toBe(202);
    await pollStatus(queued);
    expect((await pollStatus(queued)).body.status).toBe("canceled");
    const running = (await call("POST", "/higgsfield-ai/dop/standard", valid["higgsfield-ai/dop/standard"]())).body.request_id;
    await pollStatus(running);
    await pollStatus(running);
    expect((await call("POST", `/requests/${running}/cancel`)).status).toBe(400);
    expect((await pollStatus("no-such-id")).status).toBe(404);
  });

  it("reports failed with an error, and moderation as nsfw with no extra field", async () => {
    fake.setBehaviour({ completeAfterMs: 0 });
    const failed = (await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x [fake:failed]", image_url: IMAGE })).body.request_id;
    const nsfw = (await call("POST", "/higgsfield-ai/soul/standard", { prompt: "x [fake:moderation]" })).body.request_id;
    await new Promise((r) => setTimeout(r, 20));
    expect((await pollStatus(failed)).body).toMatchObject({ status: "failed", error: expect.any(String) });
    const flagged = (await pollStatus(nsfw)).body;
    expect(Object.keys(flagged).sort()).toEqual(["cancel_url", "request_id", "status", "status_url"]);
    expect(flagged.status).toBe("nsfw");
  });

  it("posts the status body to ?hf_webhook= once the request is done", async () => {
    const hook = `${receiver.url}/hooks/hf?token=abc`;
    const { body } = await call("POST", `/higgsfield-ai/dop/turbo?hf_webhook=${encodeURIComponent(hook)}`, valid["higgsfield-ai/dop/turbo"]());
    await new Promise((r) => setTimeout(r, 200));
    await fake.flushWebhooks();
    expect(receiver.received.map((w) => w.path)).toEqual(["/hooks/hf?token=abc"]);
    expect(JSON.parse(receiver.received[0]!.rawBody)).toMatchObject({ status: "completed", request_id: body.request_id, video: { url: expect.any(String) } });
    expect(fake.webhooks).toMatchObject([{ requestId: body.request_id, status: 200 }]);
  });
});

describe("Higgsfield fake: idempotency", () => {
  it("answers a repeated key and body with the same request and no second job", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const body = valid["higgsfield-ai/soul/standard"]();
    const before = fake.jobs.size;
    const first = await call("POST", "/higgsfield-ai/soul/standard", body, { "idempotency-key": "gen-123" });
    await pollStatus(first.body.request_id);
    await pollStatus(first.body.request_id);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await call("POST", "/higgsfield-ai/soul/standard", reordered, { "idempotency-key": "gen-123" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ request_id: first.body.request_id, status: "in_progress" });
    expect(fake.jobs.size).toBe(before + 1);
    expect(fake.idempotentReplays).toBe(1);
  });

  it("refuses a key reused with a different body, or on another model", async () => {
    await call("POST", "/higgsfield-ai/soul/standard", { prompt: "one" }, { "idempotency-key": "gen-456" });
    const before = fake.jobs.size;
    const changed = await call("POST", "/higgsfield-ai/soul/standard", { prompt: "two" }, { "idempotency-key": "gen-456" });
    expect(changed).toMatchObject({ status: 422, body: { detail: "Idempotency key reused with a different request body" } });
    const elsewhere = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "one", image_url: IMAGE }, { "idempotency-key": "gen-456" });
    expect(elsewhere.status).toBe(422);
    expect(fake.jobs.size).toBe(before);
    expect(fake.rejections.map((r) => r.detail)).toEqual(["Idempotency key reused with a different request body", "Idempotency key reused with a different request body"]);
  });
});

describe("Higgsfield fake: scoped fault markers", () => {
  const finalStatus = async (endpoint: keyof typeof valid, prompt: string) => {
    const { body } = await call("POST", `/${endpoint}`, { ...valid[endpoint](), prompt });
    await pollStatus(body.request_id);
    await pollStatus(body.request_id);
    return (await pollStatus(body.request_id)).body.status;
  };

  it("applies [fake:failed:dop] to DoP only and [fake:moderation:soul] to Soul only", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const prompt = "a duel at noon [fake:failed:dop] [fake:moderation:soul]";
    expect(await finalStatus("higgsfield-ai/soul/character", prompt)).toBe("nsfw");
    expect(await finalStatus("higgsfield-ai/dop/standard", prompt)).toBe("failed");
    expect(await finalStatus("higgsfield-ai/soul/standard", "x [fake:failed:dop]")).toBe("completed");
    expect(await finalStatus("higgsfield-ai/dop/lite", "x [fake:moderation:soul]")).toBe("completed");
  });

  it("still applies an unscoped marker to every endpoint, and a scoped submit fault only where it points", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    expect(await finalStatus("higgsfield-ai/soul/standard", "x [fake:failed]")).toBe("failed");
    expect(await finalStatus("higgsfield-ai/dop/turbo", "x [fake:failed]")).toBe("failed");
    const body = { ...valid["higgsfield-ai/dop/standard"](), prompt: "x [fake:500:dop/standard]" };
    expect((await call("POST", "/higgsfield-ai/dop/standard", body)).status).toBe(500);
    expect((await call("POST", "/higgsfield-ai/dop/lite", { ...valid["higgsfield-ai/dop/lite"](), prompt: body.prompt })).status).toBe(200);
  });
});

describe("Higgsfield fake: Soul ID training", () => {
  it("trains through not_ready, queued, in_progress and completed, one step per poll, with a thumbnail", async () => {
    const created = await call("POST", "/v1/custom-references", {
      name: "Mara",
      input_images: [{ type: "image_url", image_url: IMAGE }],
      model_version: "v1",
    });
    expect(created).toMatchObject({ status: 200 });
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Mara",
      model_version: "v1",
      status: "not_ready",
      thumbnail_url: null,
      created_at: expect.any(String),
      in_progress_at: null,
      fail_reason: null,
    });
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await call("GET", `/v1/custom-references/${created.body.id}`)).body);
    expect(seen.map((r) => r.status)).toEqual(["queued", "in_progress", "completed"]);
    expect(seen[1].in_progress_at).toEqual(expect.any(String));
    const thumbnail = await fetch(seen[2].thumbnail_url);
    expect(Buffer.from(await thumbnail.arrayBuffer()).subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(fake.references.get(created.body.id)!.status).toBe("completed");
    expect(fake.trainingRequests).toBe(1);
    expect((await call("POST", "/higgsfield-ai/soul/character", { prompt: "Mara", custom_reference_id: created.body.id })).status).toBe(200);
  });

  it("fails a training named with [fake:failed] and keeps [fake:never] in progress", async () => {
    const failed = (await trainingOf("Ghost [fake:failed]")).body.id;
    const never = (await trainingOf("Slowpoke [fake:never]")).body.id;
    let last: any;
    for (let i = 0; i < 5; i++) last = (await call("GET", `/v1/custom-references/${failed}`)).body;
    expect(last).toMatchObject({ status: "failed", fail_reason: "Not enough distinct faces", thumbnail_url: null });
    for (let i = 0; i < 5; i++) last = (await call("GET", `/v1/custom-references/${never}`)).body;
    expect(last.status).toBe("in_progress");
  });

  it("follows trainingPolls", async () => {
    fake.setOptions({ trainingPolls: 1 });
    const id = (await trainingOf("Quick")).body.id;
    expect((await call("GET", `/v1/custom-references/${id}`)).body.status).toBe("completed");
  });

  it.each([
    [{ name: "Mara", input_images: [{ type: "image_url", image_url: IMAGE }], gender: "f" }, "extra_forbidden", ["body", "gender"]],
    [{ input_images: [{ type: "image_url", image_url: IMAGE }] }, "missing", ["body", "name"]],
    [{ name: "x".repeat(101), input_images: [{ type: "image_url", image_url: IMAGE }] }, "string_too_long", ["body", "name"]],
    [{ name: "Mara", input_images: [] }, "too_short", ["body", "input_images"]],
    [{ name: "Mara", input_images: [IMAGE] }, "model_attributes_type", ["body", "input_images", 0]],
    [{ name: "Mara", input_images: [{ type: "url", image_url: IMAGE }] }, "literal_error", ["body", "input_images", 0, "type"]],
    [{ name: "Mara", input_images: [{ type: "image_url", image_url: IMAGE }], model_version: "v3" }, "literal_error", ["body", "model_version"]],
  ])("refuses a training body %j", async (body, type, loc) => {
    const res = await call("POST", "/v1/custom-references", body);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ type, loc })]);
    expect(fake.trainingRequests).toBe(1);
  });

  it("lists Soul IDs newest first, page by page, and deletes one", async () => {
    const ids = [];
    for (const name of ["A", "B", "C"]) ids.push((await trainingOf(name)).body.id);
    const page = await call("GET", "/v1/custom-references/list?page=1&page_size=2");
    expect(page.body).toMatchObject({ page: 1, page_size: 2, total: fake.references.size, total_pages: Math.ceil(fake.references.size / 2) });
    expect(page.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    expect((await call("GET", "/v1/custom-references/list?page_size=500")).status).toBe(422);
    expect((await call("DELETE", `/v1/custom-references/${ids[0]}`)).status).toBe(204);
    expect(await call("GET", `/v1/custom-references/${ids[0]}`)).toMatchObject({ status: 404, body: { detail: "Not found" } });
    expect((await call("DELETE", `/v1/custom-references/${ids[0]}`)).status).toBe(404);
  });
});

describe("Higgsfield fake: motions", () => {
  it("lists camera motions by name with ids that stay the same, and counts the calls", async () => {
    const first = await call("GET", "/v1/motions");
    const second = await call("GET", "/v1/motions");
    expect(first.status).toBe(200);
    const names = first.body.map((m: { name: string }) => m.name);
    for (const name of ["Pan", "Whip Pan", "Zoom In", "Zoom Out", "Crash Zoom In", "Tilt Up", "Tilt Down", "Dolly In", "Dolly Out", "360 Orbit", "Arc Left", "Arc Right", "Static", "General", "Handheld"]) {
      expect(names).toContain(name);
    }
    expect(names).not.toContain("Pan Left");
    expect(first.body[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "Pan", description: expect.any(String), preview_url: expect.any(String), start_end_frame: expect.any(Boolean) });
    expect(second.body).toEqual(first.body);
    expect(fake.motionsRequests).toBe(2);
  });

  it("gives each fake its own motion ids, so none can be hard-coded", async () => {
    const other = await startHiggsfieldFake();
    expect(other.motions.find((m) => m.name === "Static")!.id).not.toBe(motionId("Static"));
    await other.close();
  });
});

describe("Higgsfield fake: fetchImages", () => {
  const served = () => `${fake.url}/files/inputs/face.png`;

  it("does not download images by default", async () => {
    const res = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: `${fake.url}/files/missing/face.png` });
    expect(res.status).toBe(200);
    expect(fake.fetchedImages).toEqual([]);
  });

  it("downloads every image input and refuses one that is missing or not an image, naming the field", async () => {
    fake.setOptions({ fetchImages: true });
    const ok = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: served(), end_image_url: served() });
    expect(ok.status).toBe(200);
    const missing = `${fake.url}/files/missing/face.png`;
    const video = `${fake.url}/files/inputs/clip.mp4`;
    const bad = await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: missing, end_image_url: video });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([
      { type: "value_error", loc: ["body", "image_url"], msg: "Value error, Could not download image: HTTP 404", input: missing },
      { type: "value_error", loc: ["body", "end_image_url"], msg: "Value error, Could not download image: not a PNG, JPEG or WebP image", input: video },
    ]);
    const reference = await call("POST", "/higgsfield-ai/soul/reference", { prompt: "x", image_reference_url: missing });
    expect(reference.body.detail).toEqual([expect.objectContaining({ loc: ["body", "image_reference_url"] })]);
    const training = await call("POST", "/v1/custom-references", {
      name: "Mara",
      input_images: [{ type: "image_url", image_url: served() }, { type: "image_url", image_url: missing }],
    });
    expect(training.body.detail).toEqual([expect.objectContaining({ loc: ["body", "input_images", 1, "image_url"] })]);
    expect(fake.fetchedImages).toEqual([served(), served(), missing, video, missing, served(), missing]);
  });

  it("is off again after a reset", async () => {
    fake.setOptions({ fetchImages: true });
    fake.reset();
    expect((await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: "https://cdn.example/nowhere.png" })).status).toBe(200);
  });
});

describe("Higgsfield fake: deploy and limits", () => {
  it("serves a deployed endpoint like DoP that also takes a duration of 5 or 10, with a video out", async () => {
    fake.deploy("acme/dop-long", { like: "higgsfield-ai/dop/standard", fields: { duration: [5, 10] } });
    fake.setBehaviour({ completeAfterMs: 0 });
    const ok = await call("POST", "/acme/dop-long", { prompt: "x", image_url: IMAGE, duration: 10 });
    expect(ok.status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect((await pollStatus(ok.body.request_id)).body).toMatchObject({ status: "completed", video: { url: expect.any(String) } });
    const bad = await call("POST", "/acme/dop-long", { prompt: "x", image_url: IMAGE, duration: 7 });
    expect(bad.body.detail).toEqual([{ type: "literal_error", loc: ["body", "duration"], msg: "Input should be 5 or 10", input: 7, ctx: { expected: "5 or 10" } }]);
    expect((await call("POST", "/acme/dop-long", { prompt: "x", duration: 5 })).body.detail).toEqual([{ type: "missing", loc: ["body", "image_url"], msg: "Field required" }]);
    expect((await call("POST", "/higgsfield-ai/dop/standard", { prompt: "x", image_url: IMAGE, duration: 5 })).status).toBe(422);
  });

  it("deploys required fields, drops inherited ones, and needs an output without like", async () => {
    fake.deploy("acme/soul-plain", { like: "higgsfield-ai/soul/standard", fields: { num_images: null, style: { type: "string", required: true } } });
    const res = await call("POST", "/acme/soul-plain", { prompt: "x", num_images: 1 });
    expect(res.body.detail).toEqual([
      { type: "missing", loc: ["body", "style"], msg: "Field required" },
      expect.objectContaining({ type: "extra_forbidden", loc: ["body", "num_images"] }),
    ]);
    expect(() => fake.deploy("acme/none", { fields: {} })).toThrow(/output/);
    expect(() => fake.deploy("acme/none", { like: "acme/unknown" })).toThrow(/not a served model/);
    fake.deploy("acme/upscale", { output: "images", fields: { image_url: { type: "url", required: true } } });
    expect((await call("POST", "/acme/upscale", { image_url: IMAGE })).status).toBe(200);
  });

  it("refuses a request beyond the concurrency limit with Higgsfield's message", async () => {
    const limited = await startHiggsfieldFake({ concurrencyLimit: 2 });
    limited.setBehaviour({ completeAfterMs: 60_000 });
    const submit = () =>
      fetch(`${limited.url}/higgsfield-ai/soul/standard`, {
        method: "POST",
        headers: { authorization: `Key ${limited.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ prompt: "x" }),
      });
    expect((await submit()).status).toBe(200);
    const second = await (await submit()).json();
    const third = await submit();
    expect(third.status).toBe(400);
    expect(await third.json()).toEqual({ detail: "Maximum number of concurrent requests (2) has been reached" });
    await fetch(`${limited.url}/requests/${second.request_id}/cancel`, { method: "POST", headers: { authorization: `Key ${limited.apiKey}` } });
    expect((await submit()).status).toBe(200);
    await limited.close();
  });
});
