import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aspectsOf, MODELS } from "@/lib/catalog";
import { createReplicateProvider } from "@/lib/providers/replicate";
import { ProviderError, type Provider } from "@/lib/providers/types";
import { startReplicateFake, type ReplicateFake } from "../fakes/replicate-fake";
import { pollJobUntilDone } from "../support/poll-job-until-done";
import { failureOf, jobInput, jobRef } from "./job-input";
import { itMeetsQueueFaults } from "./queue-provider-faults";

let fake: ReplicateFake;
let replicate: Provider;

beforeAll(async () => {
  fake = await startReplicateFake();
  replicate = createReplicateProvider({ auth: fake.token, baseUrl: fake.apiUrl, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const ref = () => jobRef("flux-schnell");
const pollUntilDone = (id: string) => pollJobUntilDone(replicate, ref(), id);

const submitted = async (prompt: string) => ((await replicate.submit(jobInput("flux-schnell", prompt))) as { providerJobId: string }).providerJobId;

describe("Replicate adapter", () => {
  it("creates a prediction by model for every Replicate model, with the completed webhook only", async () => {
    const models = MODELS.filter((m) => m.provider === "replicate");
    expect(models.map((m) => m.id)).toEqual(["flux-schnell"]);
    const state = await replicate.submit(jobInput("flux-schnell", "a red fox", { aspect: "16:9" }, { webhookUrl: "https://app.example/api/webhooks/replicate" }));
    expect(state).toMatchObject({ status: "queued" });
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.pathname).toBe("/v1/models/black-forest-labs/flux-schnell/predictions");
    expect(sent.headers.authorization).toBe(`Bearer ${fake.token}`);
    // Not run(): no `Prefer: wait`.
    expect(sent.headers.prefer).toBeUndefined();
    expect(sent.body).toEqual({
      input: { prompt: "a red fox", aspect_ratio: "16:9", num_outputs: 1, output_format: "png" },
      webhook: "https://app.example/api/webhooks/replicate",
      webhook_events_filter: ["completed"],
    });
  });

  it("has every aspect ratio the studio offers accepted by the model's schema", async () => {
    for (const aspect of aspectsOf(MODELS.find((m) => m.id === "flux-schnell")!)) {
      expect(await replicate.submit(jobInput("flux-schnell", "a red fox", { aspect })), aspect).toMatchObject({ status: "queued" });
    }
  });

  it("is refused by the fake, as by Replicate, for a model it does not serve or an input out of range", async () => {
    const post = (path: string, input: Record<string, unknown>) =>
      fetch(`${fake.apiUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify({ input }) });
    expect((await post("/models/black-forest-labs/flux-dev-nonexistent/predictions", { prompt: "a fox" })).status).toBe(404);
    for (const [change, field] of [
      [{ aspect_ratio: "7:3" }, "input.aspect_ratio"],
      [{ num_outputs: 5 }, "input.num_outputs"],
      [{ output_format: "gif" }, "input.output_format"],
    ] as const) {
      const response = await post("/models/black-forest-labs/flux-schnell/predictions", { prompt: "a fox", ...change });
      expect(response.status, JSON.stringify(change)).toBe(422);
      expect(((await response.json()) as { invalid_fields: { field: string }[] }).invalid_fields[0]!.field).toBe(field);
    }
  });

  it("sends no webhook fields when the job has no webhook", async () => {
    await replicate.submit(jobInput("flux-schnell"));
    expect(fake.requests.at(-1)!.body).toEqual({ input: { prompt: "a lighthouse at dusk", aspect_ratio: "1:1", num_outputs: 1, output_format: "png" } });
  });

  it("pins a version when the endpoint names one", async () => {
    await replicate.submit({ ...jobInput("flux-schnell"), endpoint: "black-forest-labs/flux-schnell:abc123" });
    const sent = fake.requests.at(-1)!;
    expect(sent.pathname).toBe("/v1/predictions");
    expect(sent.body).toMatchObject({ version: "abc123" });
  });

  it("polls a prediction through starting, processing and succeeded, with plain URL outputs", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const id = await submitted("a fox");
    const states = await pollUntilDone(id);
    expect(states.map((s) => s.status)).toEqual(["queued", "running", "succeeded"]);
    const output = (states.at(-1) as { outputs: Array<{ type: string; url: string; contentType?: string }> }).outputs[0]!;
    expect(output).toMatchObject({ type: "url", contentType: "image/png" });
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.pathname)).toContain(`/v1/predictions/${id}`);
    const bytes = new Uint8Array(await (await fetch(output.url)).arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("reports an unknown prediction as over", async () => {
    const { error } = await failureOf(() => replicate.status(ref(), "nope"));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure.providerStatus).toBe(404);
  });

  it("cancels a prediction, which then reads as cancelled", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const id = await submitted("x");
    await replicate.cancel!(ref(), id);
    const sent = fake.requests.at(-1)!;
    expect([sent.method, sent.pathname]).toEqual(["POST", `/v1/predictions/${id}/cancel`]);
    expect(await replicate.status(ref(), id)).toMatchObject({ status: "failed", failure: { kind: "cancelled" } });
  });

  itMeetsQueueFaults({
    provider: () => replicate,
    fake: () => fake,
    modelId: "flux-schnell",
    withWrongKey: () => createReplicateProvider({ auth: "nope", baseUrl: fake.apiUrl, timeoutMs: 800 }),
    withoutKey: () => createReplicateProvider({}),
  });
});
