import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointOf, OFFERED_MODELS } from "@/lib/catalog";
import { isModelAvailable, providerFor } from "@/lib/providers";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import { jobInput } from "./job-input";

let fakes: ProviderFakes;

beforeAll(async () => {
  fakes = await startProviderFakes();
});
afterAll(() => fakes.close());

describe("registry pointed at the fakes by environment", () => {
  // Every offered one-call generation model with an upstream (GWM-1 has none until one is
  // configured); the Director runs as steps, below.
  const generationModels = OFFERED_MODELS.filter((m) => ["image", "video"].includes(m.kind) && m.endpoint.default);

  it.each(generationModels.map((m) => [m.id, m.provider] as const))("sends %s to the %s fake and gets a job back", async (id, provider) => {
    const job = jobInput(id, "a quiet harbour");
    const model = job.model;
    expect(isModelAvailable(model, fakes.env)).toBe(true);
    const adapter = providerFor(model, fakes.env);
    expect(adapter.id).toBe(provider);
    const endpoint = endpointOf(model, fakes.env);
    const state = await adapter.submit({ ...job, endpoint });
    expect(["queued", "running", "succeeded"]).toContain(state.status);

    const expectedPath: Record<string, string> = {
      fal: `/${endpoint}`,
      replicate: `/v1/models/${endpoint}/predictions`,
      openai: "/v1/images/generations",
      higgsfield: `/${endpoint}`,
      runway: "/v1/text_to_video",
    };
    const fake = { fal: fakes.fal, replicate: fakes.replicate, openai: fakes.openai, higgsfield: fakes.higgsfield, runway: fakes.runway }[provider as "fal"];
    expect(fake.requests.at(-1)!.pathname).toBe(expectedPath[provider]);
  });

  it("gives the Director's model the Higgsfield fake's steps", async () => {
    const model = OFFERED_MODELS.find((m) => m.kind === "director")!;
    expect(isModelAvailable(model, fakes.env)).toBe(true);
    const adapter = providerFor(model, fakes.env);
    expect(adapter.id).toBe("higgsfield");
    const { referenceId } = await adapter.director!.trainCharacter({ name: "Ava", anchorUrls: ["https://cdn.example/a.png"] });
    expect(fakes.higgsfield.references.has(referenceId)).toBe(true);
    expect(fakes.higgsfield.requests.at(-1)!.pathname).toBe("/v1/custom-references");
  });

  it("keeps GWM-1 unavailable against the fakes: no upstream exists for it", () => {
    expect(isModelAvailable(OFFERED_MODELS.find((m) => m.id === "runway-gwm-1")!, fakes.env)).toBe(false);
  });

  it("follows an endpoint renamed by env", async () => {
    fakes.fal.deploy("fal-ai/kling-video/v3/pro/text-to-video", "fal-ai/kling-video/v3/standard/text-to-video");
    const env = { ...fakes.env, FAL_ENDPOINT_KLING_3_0: "fal-ai/kling-video/v3/pro/text-to-video" };
    const job = jobInput("kling-3.0");
    await providerFor(job.model, env).submit({ ...job, endpoint: endpointOf(job.model, env) });
    expect(fakes.fal.requests.at(-1)!.pathname).toBe("/fal-ai/kling-video/v3/pro/text-to-video");
  });
});
