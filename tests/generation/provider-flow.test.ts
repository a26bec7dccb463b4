import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { endpointOf, OFFERED_MODELS, type Model } from "../../lib/catalog";
import { openPostgres } from "../../lib/db/postgres";
import { completeGeneration } from "../../lib/db/functions/generations";
import { reserve } from "../db/money";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import type { RecordedRequest } from "../fakes/fake-server";
import { Client, startApp, type App } from "../support/app";
import { balanceOf, PNG_ANCHOR, waitForFinish, type View } from "./helpers";
import { seedUser, seedUsers, uniqueEmail, withAppDatabase } from "./seed";

const CRON_SECRET = "test-cron-secret";
const ROUTES = { image: "/api/image/generate", video: "/api/video/generate", director: "/api/video/director" } as const;

function bodyFor(model: Model, prompt: string): Record<string, unknown> {
  if (model.kind === "director") return { model: model.id, prompt, anchors: [PNG_ANCHOR], motion: "dolly" };
  return { model: model.id, prompt };
}

/** The ledger rows of one generation, where the test can read the app's database (PostgreSQL). */
async function ledgerOf(generationId: string): Promise<{ reason: string; delta: number }[] | null> {
  const url = inject("databaseUrl");
  if (!url) return null;
  const sql = openPostgres(url, { max: 1 });
  try {
    return await sql.query("select reason, delta from credit_ledger where ref = $1 order by id", [generationId]);
  } finally {
    await sql.close();
  }
}

// With provider keys and base URLs set, every path runs through the real SDKs against local fakes.
describe("generation through the provider SDKs against local fakes", () => {
  let fakes: ProviderFakes;
  let app: App;
  const pros = Array.from({ length: 26 }, (_, i) => uniqueEmail(`pro${i}`));
  const broke = uniqueEmail("broke");
  const orphan = uniqueEmail("orphan");
  let orphanId = "";
  const veteran = uniqueEmail("veteran");
  let dallEId = "";
  let nextPro = 0;
  const proUser = () => Client.signIn(app, pros[nextPro++]);

  beforeAll(async () => {
    fakes = await startProviderFakes();
    const dataDir = await seedUsers([...pros.map((email) => ({ email, plan: "pro" as const, credits: 1000 })), { email: broke, credits: 0 }]);
    // A process that died between reserve and submit leaves exactly this: a queued, charged job.
    await withAppDatabase(dataDir, async (sql) => {
      const userId = await seedUser(sql, { email: orphan });
      const reserved = await reserve(sql, userId, {
        kind: "video", model: "wan-2.1-turbo", provider: "fal", prompt: "never sent",
        params: { duration: 5, aspect: "16:9" }, price: 8, maxInFlight: 1, timeoutSeconds: 600,
      });
      expect(reserved.code).toBe("ok");
      orphanId = reserved.generation!.id;
      // An image made with DALL-E 3 before OpenAI shut it down.
      const veteranId = await seedUser(sql, { email: veteran, plan: "growth", credits: 200 });
      const old = await reserve(sql, veteranId, {
        kind: "image", model: "dall-e-3", provider: "openai", prompt: "a harbour in 2025",
        params: { size: "1024x1024" }, price: 15, maxInFlight: 3, timeoutSeconds: 180,
      });
      dallEId = old.generation!.id;
      await completeGeneration(sql, dallEId, [{ key: `${veteranId}/${dallEId}/0.png`, contentType: "image/png", size: 68 }]);
    });
    app = await startApp({
      DATA_DIR: dataDir,
      ...fakes.env,
      PROVIDER_WEBHOOKS: "1",
      CRON_SECRET,
      SWEEP_INTERVAL_SECONDS: "0",
      SWEEP_QUEUED_GRACE_SECONDS: "3",
      GENERATION_POLL_INTERVAL_SECONDS: "0",
      GENERATION_TIMEOUT_SECONDS: "4",
    }, { auth: "clerk" });
  });
  beforeEach(() => fakes?.reset());
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const sweep = () => fetch(`${app.url}/api/cron/sweep`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });

  it("dispatches every model of the catalog with the request shape its provider expects", async () => {
    const user = await proUser();
    let expected = 1000;
    // Every offered model with an upstream; GWM-1 has none yet (its 503 is tested below).
    for (const model of OFFERED_MODELS.filter((m) => m.kind in ROUTES && endpointOf(m))) {
      fakes.reset();
      const prompt = `catalog check for ${model.id}`;
      const { status, body } = await user.json(ROUTES[model.kind as keyof typeof ROUTES], { method: "POST", json: bodyFor(model, prompt) });
      expect([200, 202], `${model.id}: ${JSON.stringify(body)}`).toContain(status);
      expected -= model.credits;
      expect(body.balance, model.id).toBe(expected);
      const done = status === 200 ? (body.generation as View) : await waitForFinish(user, body.generation.id, 15_000, 100);
      expect(done.status, `${model.id}: ${JSON.stringify(done.error)}`).toBe("succeeded");
      expect(done.outputs).toHaveLength(1);
      expect(done.outputs[0].contentType).toBe(model.kind === "image" ? "image/png" : "video/mp4");
      const file = await user.fetch(done.outputs[0].url);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe(done.outputs[0].contentType);
      expect((await file.arrayBuffer()).byteLength).toBe(done.outputs[0].size);

      const endpoint = endpointOf(model);
      const submits = (requests: RecordedRequest[]) => requests.filter((r) => r.method === "POST");
      switch (model.provider) {
        case "fal": {
          const [submit] = submits(fakes.fal.requests);
          expect(submit.pathname).toBe(`/${endpoint}`);
          expect(submit.headers.authorization).toBe(`Key ${fakes.fal.key}`);
          expect(submit.body).toMatchObject({ prompt });
          expect(submit.query.get("fal_webhook")).toBe(`${app.url}/api/webhooks/fal`);
          break;
        }
        case "replicate": {
          const [submit] = submits(fakes.replicate.requests);
          expect(submit.pathname).toBe(`/v1/models/${endpoint}/predictions`);
          expect(submit.body).toMatchObject({ input: { prompt }, webhook: `${app.url}/api/webhooks/replicate` });
          break;
        }
        case "openai": {
          const [submit] = submits(fakes.openai.requests);
          expect(submit.pathname).toBe("/v1/images/generations");
          expect(submit.body).toMatchObject({ model: endpoint, prompt, size: "1024x1024", quality: expect.any(String), output_format: "png" });
          expect(submit.body).not.toHaveProperty("response_format");
          break;
        }
        case "runway": {
          const [submit] = submits(fakes.runway.requests);
          expect(submit.pathname).toBe("/v1/text_to_video");
          expect(submit.headers["x-runway-version"]).toBe("2024-11-06");
          expect(submit.body).toEqual({ model: endpoint, promptText: prompt, ratio: "1280:720", duration: 5 });
          break;
        }
        case "higgsfield": {
          // Three calls: the Soul ID, the Soul keyframe with it, then the shot on the model's endpoint.
          expect(submits(fakes.higgsfield.requests).map((r) => r.pathname)).toEqual(["/v1/custom-references", "/higgsfield-ai/soul/character", `/${endpoint}`]);
          expect(submits(fakes.higgsfield.requests)[2]!.body).toMatchObject({ prompt, image_url: expect.stringContaining("/api/files/") });
          expect(JSON.stringify(fakes.higgsfield.requests.map((r) => r.body))).not.toContain(PNG_ANCHOR.slice(30, 80));
          expect(fakes.higgsfield.rejections).toEqual([]);
          break;
        }
        default:
          throw new Error(`no check for ${model.provider}`);
      }
    }
    expect(await balanceOf(user)).toBe(expected);
  }, 120_000);

  const faults: { name: string; model: string; marker: string; code: string }[] = [
    { name: "an HTTP 500 on submit (Replicate)", model: "flux-schnell", marker: "[fake:500]", code: "http" },
    { name: "an HTTP 500 on submit (fal)", model: "nano-banana-2", marker: "[fake:500]", code: "http" },
    { name: "a submit that never answers", model: "gpt-image-flare", marker: "[fake:timeout]", code: "timeout" },
    { name: "malformed JSON", model: "nano-banana-2", marker: "[fake:malformed]", code: "malformed" },
    { name: "a moderation refusal (OpenAI)", model: "gpt-image-flare", marker: "[fake:moderation]", code: "moderation" },
    { name: "a moderation flag on the output (fal)", model: "nano-banana-2", marker: "[fake:moderation]", code: "moderation" },
    { name: "an empty output", model: "flux-schnell", marker: "[fake:empty]", code: "empty_output" },
    { name: "an output URL that answers 404", model: "flux-schnell", marker: "[fake:404-output]", code: "storage_failed" },
    { name: "a model error while running", model: "flux-schnell", marker: "[fake:failed]", code: "http" },
  ];
  for (const fault of faults) {
    it(`refunds an image exactly once on ${fault.name}`, async () => {
      const user = await proUser();
      const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: fault.model, prompt: `a cat ${fault.marker}` } });
      expect(status, JSON.stringify(body)).toBe(502);
      expect(body.error.code).toBe("provider_failed");
      expect(body.error.message).toMatch(/refunded/i);
      expect(body.error.details).toMatchObject({ refunded: true, balance: 1000, generation: { status: "failed", error: { code: fault.code } } });
      expect(await balanceOf(user)).toBe(1000);
      const id = body.error.details.generation.id;
      expect((await user.json(`/api/generations/${id}`)).body.generation).toMatchObject({ status: "failed", refunded: true, outputs: [] });
      const ledger = await ledgerOf(id);
      if (ledger) expect(ledger.map((r) => r.reason)).toEqual(["reserve", "refund"]);
    });
  }

  it("refunds an image whose output URL redirects to an internal address, which is never reached", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "nano-banana-2", prompt: "a cat [fake:redirect-output]" } });
    expect(status, JSON.stringify(body)).toBe(502);
    expect(body.error.details).toMatchObject({ refunded: true, balance: 1000, generation: { status: "failed", error: { code: "output_refused" } } });
    // The fal fake's file URL was fetched (an allowed test origin) and its redirect refused.
    expect(fakes.internal.requests).toEqual([]);
    expect((await user.json(`/api/generations/${body.error.details.generation.id}`)).body.generation).toMatchObject({ refunded: true, outputs: [] });
    expect(await balanceOf(user)).toBe(1000);
    // The setting that lets the fakes through says so in the server's log.
    expect(app.logs()).toMatch(/WARNING: UNSAFE_OUTPUT_FETCH_TEST_ORIGINS is set/);
  });

  it("refunds a video whose provider answers HTTP 500 on submit, with a 502", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "a storm [fake:500]" } });
    expect(status).toBe(502);
    expect(body.error.details).toMatchObject({ refunded: true, balance: 1000 });
  });

  it("refunds a video the provider fails while running, once, when it is polled", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "a storm [fake:moderation]" } });
    expect(status).toBe(202);
    expect(body.balance).toBe(992);
    const done = await waitForFinish(user, body.generation.id, 10_000, 100);
    expect(done).toMatchObject({ status: "failed", refunded: true, error: { code: "moderation" } });
    expect(await balanceOf(user)).toBe(1000);
    const ledger = await ledgerOf(done.id);
    if (ledger) expect(ledger.map((r) => r.reason)).toEqual(["reserve", "refund"]);
  });

  it("shows how many requests wait ahead of a clip fal holds queued, and nothing once it runs", async () => {
    fakes.fal.setBehaviour({ completeAfterMs: 60_000 });
    const user = await proUser();
    const start = async () => (await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "waves in a queue" } })).body.generation.id as string;
    const [a, b] = [await start(), await start()];
    const view = async (id: string) => (await user.json(`/api/generations/${id}`)).body.generation as { status: string; queuePosition: number | null };
    // Each read asks fal (the poll interval is 0 here); fal counts what waits ahead at the app,
    // where other tests' jobs may still be finishing: the second waits behind the first.
    const second = await view(b);
    const first = await view(a);
    expect(second).toMatchObject({ status: "running", queuePosition: expect.any(Number) });
    expect(first).toMatchObject({ status: "running", queuePosition: expect.any(Number) });
    expect(first.queuePosition!).toBeLessThan(second.queuePosition!);
    // fal starts the first: it is rendering, and no longer counted ahead of the second.
    await expect(view(a)).resolves.toMatchObject({ status: "running", queuePosition: null });
    await expect(view(b)).resolves.toMatchObject({ status: "running", queuePosition: null });
  });

  it("refunds a job whose process stopped between reserve and submit through the sweeper", async () => {
    const user = await Client.signIn(app, orphan);
    expect(await balanceOf(user)).toBe(7);
    expect((await sweep()).status).toBe(200);
    expect((await user.json(`/api/generations/${orphanId}`)).body.generation).toMatchObject({ status: "failed", refunded: true, error: { code: "timeout" } });
    expect(await balanceOf(user)).toBe(15);
    const ledger = await ledgerOf(orphanId);
    if (ledger) expect(ledger.map((r) => r.reason)).toEqual(["reserve", "refund"]);
  });

  it("refunds a job that never finishes through the sweeper once its timeout passes", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "an endless take [fake:never]" } });
    expect(status).toBe(202);
    const id = body.generation.id;
    expect((await user.json(`/api/generations/${id}`)).body.generation.status).toBe("running");
    await new Promise((r) => setTimeout(r, 4_500));
    // Another app's sweeper on the same database may get there first; either way it ends once.
    expect((await sweep()).status).toBe(200);
    const again = await (await sweep()).json();
    expect(again.swept).not.toContain(id);
    expect((await user.json(`/api/generations/${id}`)).body.generation).toMatchObject({ status: "failed", refunded: true, error: { code: "timeout" } });
    expect(await balanceOf(user)).toBe(1000);
  });

  it("guards the sweeper route with CRON_SECRET", async () => {
    expect((await fetch(`${app.url}/api/cron/sweep`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/cron/sweep`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await fetch(`${app.url}/api/cron/sweep`, { headers: { authorization: `Bearer ${CRON_SECRET}` } })).status).toBe(200);
  });

  it("answers 402 without calling any provider", async () => {
    const user = await Client.signIn(app, broke);
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "gpt-image-flare", prompt: "a cat" } });
    expect(status).toBe(402);
    expect(body.error.details).toEqual({ price: 8, balance: 0 });
    const video = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "a cat" } });
    expect(video.status).toBe(402);
    expect(fakes.openai.requests).toHaveLength(0);
    expect(fakes.fal.requests).toHaveLength(0);
  });

  it("answers 403 to a free user on premium and pro models without reserving or calling a provider", async () => {
    const user = await Client.signIn(app, uniqueEmail("free"));
    for (const [path, json] of [
      ["/api/image/generate", { model: "gpt-image-sunburst", prompt: "a cat" }],
      ["/api/video/generate", { model: "seedance-2.0", prompt: "a cat" }],
      ["/api/video/generate", { model: "runway-gen-4.5", prompt: "a cat" }],
      ["/api/video/director", { prompt: "a cat", anchors: [PNG_ANCHOR], motion: "zoom" }],
    ] as const) {
      const { status, body } = await user.json(path, { method: "POST", json });
      expect(status).toBe(403);
      expect(body.error.code).toBe("plan_required");
    }
    expect(await balanceOf(user)).toBe(15);
    expect([...fakes.openai.requests, ...fakes.fal.requests, ...fakes.higgsfield.requests, ...fakes.runway.requests]).toHaveLength(0);
  });

  it("runs a Runway Gen-4.5 clip of 10 s in portrait through Runway's own API, priced double", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "runway-gen-4.5", prompt: "a lantern festival", duration: 10, aspect: "9:16" } });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.balance).toBe(930);
    const done = await waitForFinish(user, body.generation.id, 15_000, 100);
    expect(done).toMatchObject({ status: "succeeded", refunded: false, modelName: "Runway Gen-4.5" });
    expect(fakes.runway.requests.find((r) => r.method === "POST")!.body).toMatchObject({ ratio: "720:1280", duration: 10 });
    expect(await balanceOf(user)).toBe(930);
  });

  it("refunds a Runway clip its moderation refuses while running, once", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "runway-gen-4.5", prompt: "a riot [fake:moderation]" } });
    expect(status).toBe(202);
    const done = await waitForFinish(user, body.generation.id, 15_000, 100);
    expect(done).toMatchObject({ status: "failed", refunded: true, error: { code: "moderation" } });
    expect(await balanceOf(user)).toBe(1000);
  });

  it("answers 503 for GWM-1, which has no upstream yet, and charges nothing", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "runway-gwm-1", prompt: "a city" } });
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: "provider_unavailable", details: { model: "runway-gwm-1" } });
    expect(await balanceOf(user)).toBe(1000);
    expect(fakes.runway.requests).toHaveLength(0);
  });

  it("still shows a generation made with a retired model in history, by its name", async () => {
    const user = await Client.signIn(app, veteran);
    const { body } = await user.json("/api/generations?limit=5");
    expect(body.items.find((g: View) => g.id === dallEId)).toMatchObject({ model: "dall-e-3", modelName: "DALL·E 3", status: "succeeded", price: 15 });
  });

  it("refuses a retired model with a 400 naming its successor, and charges nothing", async () => {
    const user = await proUser();
    for (const [model, successor] of [["dall-e-2", "gpt-image-flare"], ["dall-e-3", "gpt-image-sunburst"]]) {
      const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model, prompt: "a cat" } });
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toContain(`use ${successor}`);
    }
    expect(await balanceOf(user)).toBe(1000);
    expect(fakes.openai.requests).toHaveLength(0);
  });

  it("refuses every option a model does not take before any credit moves or any provider is called", async () => {
    const user = await proUser();
    const cases: [string, Record<string, unknown>, string][] = [
      ["/api/video/generate", { model: "wan-2.1-turbo", prompt: "a cat", duration: 10 }, "wan-2.1-turbo makes clips of 5 seconds."],
      ["/api/video/generate", { model: "wan-2.1-turbo", prompt: "a cat", aspect: "1:1" }, "wan-2.1-turbo takes aspect 16:9, 9:16."],
      ["/api/video/generate", { model: "luma-ray-2", prompt: "a cat", aspect: "1:1" }, "luma-ray-2 takes aspect 16:9, 9:16, 4:3, 3:4, 21:9."],
      ["/api/video/generate", { model: "luma-ray-2", prompt: "a cat", duration: 10 }, "luma-ray-2 makes clips of 5 or 9 seconds."],
      ["/api/video/generate", { model: "kling-3.0", prompt: "a cat", aspect: "4:3" }, "kling-3.0 takes aspect 16:9, 9:16, 1:1."],
      ["/api/video/generate", { model: "seedance-2.0", prompt: "a cat", duration: 15 }, "seedance-2.0 makes clips of 5 or 10 seconds."],
      ["/api/video/generate", { model: "runway-gen-4.5", prompt: "a cat", aspect: "1:1" }, "runway-gen-4.5 takes aspect 16:9, 9:16."],
      ["/api/video/generate", { model: "runway-gen-4.5", prompt: "x".repeat(1001) }, "runway-gen-4.5 takes prompts of at most 1000 characters."],
      ["/api/image/generate", { model: "gpt-image-flare", prompt: "a cat", size: "1792x1024" }, "A size is one of 1024x1024, 1536x1024, 1024x1536."],
      ["/api/image/generate", { model: "gpt-image-sunburst", prompt: "a cat", aspect: "16:9" }, "gpt-image-sunburst takes a size (1024x1024, 1536x1024, 1024x1536), not an aspect ratio."],
      ["/api/image/generate", { model: "flux-schnell", prompt: "a cat", size: "1024x1024" }, "flux-schnell takes an aspect ratio (1:1, 16:9, 9:16, 4:3, 3:4, 21:9), not a size."],
      ["/api/video/director", { prompt: "a cat", anchors: [PNG_ANCHOR], motion: "pan", duration: 10 }, "higgsfield-soul makes clips of 5 seconds."],
    ];
    for (const [path, json, message] of cases) {
      const { status, body } = await user.json(path, { method: "POST", json });
      expect(status, JSON.stringify(json).slice(0, 100)).toBe(400);
      expect(body.error.message).toBe(message);
    }
    expect(await balanceOf(user)).toBe(1000);
    expect([...fakes.openai.requests, ...fakes.fal.requests, ...fakes.replicate.requests, ...fakes.higgsfield.requests, ...fakes.runway.requests]).toHaveLength(0);
  });

  it("finishes a job once when its webhook and polls race", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "a race to the finish" } });
    expect(status).toBe(202);
    const id = body.generation.id;
    // Polls advance the fake's job; the poll that completes it also makes the fake post its
    // webhook, so a webhook and several polls finish the same job at the same moment.
    let done: View | undefined;
    for (let round = 0; round < 40 && !done; round++) {
      const views = await Promise.all(Array.from({ length: 4 }, () => user.json(`/api/generations/${id}`)));
      for (const v of views) expect(v.status).toBe(200);
      done = views.map((v) => v.body.generation as View).find((g) => g.status !== "queued" && g.status !== "running");
    }
    await fakes.fal.flushWebhooks();
    expect(fakes.fal.webhooks.length).toBe(1);
    expect(fakes.fal.webhooks[0].status).toBe(200);
    // The webhook delivered again, twice at once, changes nothing.
    const delivery = fakes.fal.webhooks[0];
    const resigned = fakes.fal.signWebhook(delivery.rawBody, { requestId: delivery.requestId });
    const replays = await Promise.all([1, 2].map(() =>
      fetch(`${app.url}/api/webhooks/fal`, { method: "POST", headers: { "content-type": "application/json", ...resigned.headers }, body: resigned.rawBody })));
    expect(replays.map((r) => r.status)).toEqual([200, 200]);

    const final = (await user.json(`/api/generations/${id}`)).body.generation as View;
    expect(final).toMatchObject({ status: "succeeded", refunded: false });
    expect(final.outputs).toHaveLength(1);
    expect(await balanceOf(user)).toBe(985);
    const ledger = await ledgerOf(id);
    if (ledger) expect(ledger.map((r) => r.reason)).toEqual(["reserve"]);
  });

  it("finishes a job from its webhook alone, without any poll", async () => {
    const user = await proUser();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "a quiet lake" } });
    expect(status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    await fakes.fal.flushWebhooks();
    expect(fakes.fal.webhooks.map((w) => w.status)).toEqual([200]);
    // History reads the database only: what it shows, the webhook did.
    const { body: history } = await user.json("/api/generations?limit=1");
    expect(history.items[0]).toMatchObject({ id: body.generation.id, status: "succeeded", refunded: false });
    expect(history.items[0].outputs[0].contentType).toBe("video/mp4");
    expect(fakes.fal.requests.filter((r) => r.method === "GET")).toHaveLength(0);
  });

  it("refuses provider webhooks without a valid signature", async () => {
    const forged = fakes.fal.signWebhook({ request_id: "nope", status: "OK", payload: {} }, { privateKey: fakes.fal.strangerKey() });
    const fal = await fetch(`${app.url}/api/webhooks/fal`, { method: "POST", headers: { "content-type": "application/json", ...forged.headers }, body: forged.rawBody });
    expect(fal.status).toBe(401);
    const replicate = await fetch(`${app.url}/api/webhooks/replicate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "x", status: "succeeded" }) });
    expect(replicate.status).toBe(401);
    // Signed by fal's key for one request id, with a body naming another: never applied to either.
    const user = await proUser();
    const started = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "a swapped id" } });
    const jobId = [...fakes.fal.jobs.values()].at(-1)!.id;
    const swapped = fakes.fal.signWebhook(
      { request_id: jobId, status: "OK", payload: { video: { url: `${fakes.fal.url}/files/x.mp4`, content_type: "video/mp4" } } },
      { requestId: "some-other-request" },
    );
    const mismatch = await fetch(`${app.url}/api/webhooks/fal`, { method: "POST", headers: { "content-type": "application/json", ...swapped.headers }, body: swapped.rawBody });
    expect(mismatch.status).toBe(401);
    const { body: history } = await user.json(`/api/generations?limit=1`);
    expect(history.items[0]).toMatchObject({ id: started.body.generation.id, refunded: false });
    expect(history.items[0].status).not.toBe("succeeded");
    const unknown = fakes.fal.signWebhook({ request_id: "not-ours", status: "OK", payload: { images: [] } });
    const stranger = await fetch(`${app.url}/api/webhooks/fal`, { method: "POST", headers: { "content-type": "application/json", ...unknown.headers }, body: unknown.rawBody });
    expect(stranger.status).toBe(404);
  });
});

describe("a provider without its key", () => {
  let app: App;
  beforeAll(async () => {
    // Only OpenAI is configured: Replicate's and fal's models are unavailable, not demo.
    app = await startApp({ OPENAI_API_KEY: "sk-unused", OPENAI_BASE_URL: "http://127.0.0.1:9/v1", SWEEP_INTERVAL_SECONDS: "0" }, { auth: "clerk" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers 503 provider_unavailable and charges nothing", async () => {
    const user = await Client.signIn(app, uniqueEmail("nokey"));
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a cat" } });
    expect(status).toBe(503);
    expect(body.error.code).toBe("provider_unavailable");
    expect(await balanceOf(user)).toBe(15);
    expect((await user.json("/api/generations")).body.items).toEqual([]);
  });
});
