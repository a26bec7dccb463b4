import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MODELS } from "@/lib/catalog";
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
  const expected: Record<string, Record<string, unknown>> = {
    "wan-2.1-turbo": { aspect_ratio: "9:16", num_frames: 161, resolution: "480p", enable_safety_checker: true },
    "kling-3.0": { aspect_ratio: "9:16", duration: "10" },
    "luma-ray-2": { aspect_ratio: "9:16", duration: "9s", resolution: "540p" },
    "runway-gen-4.5": { aspect_ratio: "9:16", duration: "10" },
    "runway-gwm-1": { aspect_ratio: "9:16", duration: "10" },
    "seedance-2.0": { aspect_ratio: "9:16", duration: "10", resolution: "720p" },
    "nano-banana-2": { aspect_ratio: "9:16", num_images: 1, output_format: "png" },
  };

  it("dispatches every fal model of the catalog to its endpoint with the input shape it expects", async () => {
    const falModels = MODELS.filter((m) => m.provider === "fal");
    expect(falModels.map((m) => m.id).sort()).toEqual(Object.keys(expected).sort());
    for (const model of falModels) {
      const params = model.kind === "image" ? { aspect: "9:16" as const } : { aspect: "9:16" as const, duration: 10 as const };
      const state = await fal.submit(jobInput(model.id, "a red fox", params));
      expect(state).toMatchObject({ status: "queued" });
      const sent = fake.requests.at(-1)!;
      expect(sent.method).toBe("POST");
      expect(sent.pathname).toBe(`/${model.defaultEndpoint}`);
      expect(sent.headers.authorization).toBe(`Key ${fake.key}`);
      expect(sent.headers["x-fal-queue-priority"]).toBe("normal");
      // The raw model input, no wrapper.
      expect(sent.body).toEqual({ prompt: "a red fox", ...expected[model.id] });
    }
  });

  it("uses the endpoint the job names, so a renamed upstream is only configuration", async () => {
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
    const { providerJobId } = (await fal.submit(jobInput("runway-gen-4.5"))) as { providerJobId: string };
    await fal.cancel!(jobRef("runway-gen-4.5"), providerJobId);
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe("PUT");
    expect(sent.pathname).toBe(`/fal-ai/runway/requests/${providerJobId}/cancel`);
    expect(fake.jobs.get(providerJobId)!.cancelled).toBe(true);
    // Too late to cancel is not an error.
    await expect(fal.cancel!(jobRef("runway-gen-4.5"), providerJobId)).resolves.toBeUndefined();
  });

  it("keeps a namespaced app id's namespace in the request path", async () => {
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
