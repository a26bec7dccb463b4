import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aspectsOf, durationsOf, OFFERED_MODELS } from "@/lib/catalog";
import { buildModelInput } from "@/lib/providers/model-inputs";
import { createFalProvider } from "@/lib/providers/fal";
import { ProviderError, type Provider } from "@/lib/providers/types";
import { startFalFake, type FalFake } from "../fakes/fal-fake";
import { pollJobUntilDone } from "../support/poll-job-until-done";
import { failureOf, jobInput, jobRef, modelOf } from "./job-input";
import { itMeetsQueueFaults } from "./queue-provider-faults";

let fake: FalFake;
let fal: Provider;

beforeAll(async () => {
  fake = await startFalFake();
  fal = createFalProvider({ credentials: fake.key, baseUrl: fake.url, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const pollUntilDone = (modelId: string, id: string) => pollJobUntilDone(fal, jobRef(modelId), id);

describe("fal adapter", () => {
  /** What each fal model sends besides its prompt, for 9:16 and its longest clip. */
  const expected: Record<string, Record<string, unknown>> = {
    "wan-2.1-turbo": { aspect_ratio: "9:16", num_frames: 81, frames_per_second: 16, turbo_mode: true, resolution: "480p", enable_safety_checker: true },
    "kling-3.0": { aspect_ratio: "9:16", duration: "10", generate_audio: false },
    "luma-ray-2": { aspect_ratio: "9:16", duration: "9s", resolution: "540p" },
    "seedance-2.0": { aspect_ratio: "9:16", duration: "10", resolution: "720p" },
    "nano-banana-2": { aspect_ratio: "9:16", num_images: 1, output_format: "png" },
  };

  it("dispatches every fal model of the catalog to its real endpoint with the input shape it expects", async () => {
    const falModels = OFFERED_MODELS.filter((m) => m.provider === "fal");
    expect(falModels.map((m) => m.id).sort()).toEqual(Object.keys(expected).sort());
    for (const model of falModels) {
      const params = model.kind === "image" ? { aspect: "9:16" as const } : { aspect: "9:16" as const, duration: durationsOf(model).at(-1) };
      const state = await fal.submit(jobInput(model.id, "a red fox", params));
      expect(state, model.id).toMatchObject({ status: "queued" });
      const sent = fake.requests.at(-1)!;
      expect(sent.method).toBe("POST");
      expect(sent.pathname).toBe(`/${model.endpoint.default}`);
      expect(sent.headers.authorization).toBe(`Key ${fake.key}`);
      expect(sent.headers["x-fal-queue-priority"]).toBe("normal");
      // The raw model input, no wrapper.
      expect(sent.body).toEqual({ prompt: "a red fox", ...expected[model.id] });
    }
  });

  it("has every duration and aspect ratio the studio offers accepted by the endpoint's schema", async () => {
    for (const model of OFFERED_MODELS.filter((m) => m.provider === "fal")) {
      const durations = durationsOf(model).length ? durationsOf(model) : [undefined];
      for (const aspect of aspectsOf(model)) {
        for (const duration of durations) {
          const state = await fal.submit(jobInput(model.id, "a red fox", { aspect, duration }));
          expect(state, `${model.id} ${aspect} ${duration}`).toMatchObject({ status: "queued" });
        }
      }
    }
  });

  it("is refused by the fake, as by fal, for an endpoint fal does not serve or a value out of range", async () => {
    const post = (endpoint: string, body: Record<string, unknown>) =>
      fetch(`${fake.url}/${endpoint}`, { method: "POST", headers: { authorization: `Key ${fake.key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const jobsBefore = fake.jobs.size;
    // The ids the catalog used to send: none exists on fal.
    for (const endpoint of ["fal-ai/wan/v2.1/turbo/text-to-video", "fal-ai/bytedance/seedance/v2/text-to-video", "fal-ai/runway/gen-4.5/text-to-video"]) {
      expect((await post(endpoint, { prompt: "a fox" })).status, endpoint).toBe(404);
    }
    const outOfRange: [string, Record<string, unknown>, string][] = [
      ["wan-2.1-turbo", { num_frames: 161 }, "num_frames"],
      ["wan-2.1-turbo", { aspect_ratio: "1:1" }, "aspect_ratio"],
      ["kling-3.0", { duration: "20" }, "duration"],
      ["kling-3.0", { aspect_ratio: "4:3" }, "aspect_ratio"],
      ["luma-ray-2", { duration: "10s" }, "duration"],
      ["luma-ray-2", { aspect_ratio: "1:1" }, "aspect_ratio"],
      ["seedance-2.0", { duration: "3" }, "duration"],
      ["seedance-2.0", { aspect_ratio: "5:4" }, "aspect_ratio"],
      ["nano-banana-2", { num_images: 5 }, "num_images"],
      ["nano-banana-2", { aspect_ratio: "7:3" }, "aspect_ratio"],
      ["kling-3.0", { aspect: "16:9" }, ""],
    ];
    for (const [id, change, field] of outOfRange) {
      const model = modelOf(id);
      const response = await post(model.endpoint.default, { ...buildModelInput(model, "a fox", {}), ...change });
      expect(response.status, `${id} ${JSON.stringify(change)}`).toBe(422);
      const { detail } = (await response.json()) as { detail: { loc: string[] }[] };
      expect(detail[0]!.loc, `${id} ${JSON.stringify(change)}`).toEqual(field ? ["body", field] : ["body"]);
    }
    expect(fake.jobs.size).toBe(jobsBefore);
  });

  it("fails a job whose input fal refuses as rejected, at submit", async () => {
    const { error } = await failureOf(() => fal.submit(jobInput("luma-ray-2", "a fox", { aspect: "1:1" })));
    expect((error as ProviderError).failure).toMatchObject({ kind: "rejected", providerStatus: 422 });
  });

  it("uses the endpoint the job names, so a renamed upstream is only configuration", async () => {
    fake.deploy("fal-ai/kling-video/v9/pro/text-to-video", "fal-ai/kling-video/v3/standard/text-to-video");
    await fal.submit({ ...jobInput("kling-3.0"), endpoint: "fal-ai/kling-video/v9/pro/text-to-video" });
    expect(fake.requests.at(-1)!.pathname).toBe("/fal-ai/kling-video/v9/pro/text-to-video");
  });

  it("asks fal to post completion to the webhook URL", async () => {
    await fal.submit(jobInput("kling-3.0", "a fox", {}, { webhookUrl: "https://app.example/api/webhooks/fal?g=1" }));
    expect(fake.requests.at(-1)!.query.get("fal_webhook")).toBe("https://app.example/api/webhooks/fal?g=1");
  });

  it("polls a job through queued, running and succeeded under the app's owner/alias path", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const { providerJobId } = (await fal.submit(jobInput("kling-3.0"))) as { providerJobId: string };
    const states = await pollUntilDone("kling-3.0", providerJobId);
    expect(states.map((s) => s.status)).toEqual(["queued", "running", "succeeded"]);
    expect(states.at(-1)).toMatchObject({ outputs: [{ type: "url", contentType: "video/mp4" }] });
    const paths = fake.requests.filter((r) => r.method === "GET").map((r) => r.pathname);
    expect(paths).toContain(`/fal-ai/kling-video/requests/${providerJobId}/status`);
    expect(paths).toContain(`/fal-ai/kling-video/requests/${providerJobId}`);
  });

  it("says how many requests wait ahead of a queued job, as fal's queue_position counts them", async () => {
    // A fake of its own: the shared one still holds other tests' jobs, finishing on their timers.
    const own = await startFalFake();
    try {
      own.setBehaviour({ completeAfterMs: 60_000 });
      const client = createFalProvider({ credentials: own.key, baseUrl: own.url, timeoutMs: 800 });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(((await client.submit(jobInput("kling-3.0"))) as { providerJobId: string; queuePosition?: number }));
      // On submit, fal already says how many are ahead.
      expect(ids.map((s) => s.queuePosition)).toEqual([0, 1, 2]);
      const ref = jobRef("kling-3.0");
      await expect(client.status(ref, ids[2]!.providerJobId)).resolves.toEqual({ status: "queued", providerJobId: ids[2]!.providerJobId, queuePosition: 2 });
      // The first starts (its second poll sees it running): the second then waits behind nobody.
      await client.status(ref, ids[0]!.providerJobId);
      await expect(client.status(ref, ids[0]!.providerJobId)).resolves.toEqual({ status: "running", providerJobId: ids[0]!.providerJobId });
      await expect(client.status(ref, ids[1]!.providerJobId)).resolves.toMatchObject({ status: "queued", queuePosition: 0 });
    } finally {
      await own.close();
    }
  });

  it("hands over image outputs whose URLs serve real bytes", async () => {
    const { providerJobId } = (await fal.submit(jobInput("nano-banana-2"))) as { providerJobId: string };
    const done = (await pollUntilDone("nano-banana-2", providerJobId)).at(-1)!;
    expect(done.status).toBe("succeeded");
    const output = (done as { outputs: Array<{ type: string; url: string; contentType?: string }> }).outputs[0]!;
    expect(output.contentType).toBe("image/png");
    const bytes = new Uint8Array(await (await fetch(output.url)).arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it.each([
    ["moderation", "nano-banana-2", "moderation"],
    ["empty", "nano-banana-2", "empty_output"],
  ])("reports [fake:%s] on %s as a failed job (%s)", async (fault, modelId, kind) => {
    const { providerJobId } = (await fal.submit(jobInput(modelId, `x [fake:${fault}]`))) as { providerJobId: string };
    const started = Date.now();
    const done = (await pollUntilDone(modelId, providerJobId)).at(-1)!;
    expect(done).toMatchObject({ status: "failed", providerJobId, failure: { kind } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports an unknown request as over", async () => {
    const unknown = await failureOf(() => fal.status(jobRef("kling-3.0"), "no-such-request"));
    expect(unknown.error).toBeInstanceOf(ProviderError);
    expect((unknown.error as ProviderError).failure.providerStatus).toBe(404);
  });

  it("cancels a queued job with PUT on the app path", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const { providerJobId } = (await fal.submit(jobInput("luma-ray-2"))) as { providerJobId: string };
    await fal.cancel!(jobRef("luma-ray-2"), providerJobId);
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe("PUT");
    expect(sent.pathname).toBe(`/fal-ai/luma-dream-machine/requests/${providerJobId}/cancel`);
    expect(fake.jobs.get(providerJobId)!.cancelled).toBe(true);
    // Too late to cancel is not an error.
    await expect(fal.cancel!(jobRef("luma-ray-2"), providerJobId)).resolves.toBeUndefined();
  });

  it("keeps a namespaced app id's namespace in the request path", async () => {
    fake.deploy("workflows/acme/cinematic/v2", "fal-ai/kling-video/v3/standard/text-to-video");
    const { providerJobId } = (await fal.submit({ ...jobInput("kling-3.0"), endpoint: "workflows/acme/cinematic/v2" })) as { providerJobId: string };
    await fal.status({ model: modelOf("kling-3.0"), endpoint: "workflows/acme/cinematic/v2" }, providerJobId);
    expect(fake.requests.at(-1)!.pathname).toBe(`/workflows/acme/cinematic/requests/${providerJobId}/status`);
  });

  itMeetsQueueFaults({
    provider: () => fal,
    fake: () => fake,
    modelId: "kling-3.0",
    withWrongKey: () => createFalProvider({ credentials: "nope", baseUrl: fake.url, timeoutMs: 800 }),
    withoutKey: () => createFalProvider({}),
    statusRequests: (f) => f.requests.filter((r) => r.pathname.endsWith("/status")).length,
  });
});
