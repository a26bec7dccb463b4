import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { findModel, OFFERED_MODELS, sizesOf } from "@/lib/catalog";
import { createOpenAIProvider } from "@/lib/providers/openai";
import { ProviderError, type Provider } from "@/lib/providers/types";
import { startOpenAIFake, type OpenAIFake } from "../fakes/openai-fake";
import { failureOf, jobInput } from "./job-input";

let fake: OpenAIFake;
let openai: Provider;

beforeAll(async () => {
  fake = await startOpenAIFake();
  // The production retry count: the fake's `x-should-retry: false` keeps failures to one request.
  openai = createOpenAIProvider({ apiKey: fake.apiKey, baseURL: fake.apiUrl, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("OpenAI images adapter", () => {
  const TIERS = { "gpt-image-flare": { model: "gpt-image-2.6-flare", quality: "medium" }, "gpt-image-sunburst": { model: "gpt-image-2.6-sunburst", quality: "high" } };

  it("sends each OpenAI tier, at every size it offers, only what GPT image models take", async () => {
    expect(OFFERED_MODELS.filter((m) => m.provider === "openai" && m.kind === "image").map((m) => m.id)).toEqual(Object.keys(TIERS));
    for (const [id, tier] of Object.entries(TIERS)) {
      for (const size of sizesOf(findModel(id)!)) {
        const state = await openai.submit(jobInput(id, "a red fox", { size }));
        const sent = fake.requests.at(-1)!;
        expect([sent.method, sent.pathname]).toEqual(["POST", "/v1/images/generations"]);
        expect(sent.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
        // An explicit quality; never response_format, style or standard/hd.
        expect(sent.body).toEqual({ model: tier.model, prompt: "a red fox", n: 1, size, quality: tier.quality, output_format: "png" });
        expect(state, `${id} ${size}`).toMatchObject({ status: "succeeded", outputs: [{ type: "inline", contentType: "image/png" }] });
      }
    }
  });

  it("sends a model's first size when none was chosen", async () => {
    await openai.submit(jobInput("gpt-image-flare", "x"));
    expect(fake.requests.at(-1)!.body).toMatchObject({ size: "1024x1024" });
  });

  it("answers a finished job from submit with the image's bytes and the type of its output format", async () => {
    const state = await openai.submit(jobInput("gpt-image-sunburst"));
    expect(state).toMatchObject({ status: "succeeded", providerJobId: "openai_gen_test_1", outputs: [{ type: "inline", contentType: "image/png" }] });
    const bytes = Buffer.from((state as { outputs: Array<{ base64: string }> }).outputs[0]!.base64, "base64");
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("fails a retired upstream id as OpenAI does today, at once and for good", async () => {
    for (const endpoint of ["dall-e-2", "dall-e-3", "gpt-image-1"]) {
      const { error } = await failureOf(() => openai.submit({ ...jobInput("gpt-image-flare", "a fox"), endpoint }));
      expect((error as ProviderError).failure, endpoint).toMatchObject({ kind: "http", providerStatus: 404 });
      expect((error as ProviderError).message).toMatch(/does not exist/);
    }
    expect(fake.requests).toHaveLength(3);
  });

  it("is refused by the fake when a DALL-E-only parameter or value is forced through the SDK", async () => {
    const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.apiUrl, maxRetries: 0 });
    const refused = async (body: Record<string, unknown>) => {
      const error = await client.images.generate({ model: "gpt-image-2.6-flare", prompt: "a fox", ...body } as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      return (error as InstanceType<typeof OpenAI.BadRequestError>).param;
    };
    expect(await refused({ response_format: "url" })).toBe("response_format");
    expect(await refused({ style: "vivid" })).toBe("style");
    expect(await refused({ quality: "hd" })).toBe("quality");
    expect(await refused({ size: "1792x1024" })).toBe("size");
    expect(await refused({ n: 11 })).toBe("n");
    const answer = await client.images.generate({ model: "gpt-image-2.6-sunburst", prompt: "a fox", quality: "high", size: "1536x1024" } as never);
    expect(answer.data?.[0]).toEqual({ b64_json: expect.any(String) });
    expect(answer).toMatchObject({ output_format: "png", quality: "high", size: "1536x1024", usage: { total_tokens: expect.any(Number) } });
  });

  it.each([
    ["500", "http"],
    ["timeout", "timeout"],
    ["malformed", "malformed"],
    ["moderation", "moderation"],
    ["empty", "empty_output"],
    ["rejected", "rejected"],
  ])("fails [fake:%s] as %s in one request", async (fault, kind) => {
    const { error, ms } = await failureOf(() => openai.submit(jobInput("gpt-image-sunburst", `x [fake:${fault}]`)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure.kind).toBe(kind);
    // A timeout is retried once (maxRetries 1); everything else is answered at once.
    expect(ms).toBeLessThan(fault === "timeout" ? 2_500 : 1_000);
    if (fault !== "timeout") expect(fake.requests).toHaveLength(1);
  });

  it("says which safety refusal it was", async () => {
    const { error } = await failureOf(() => openai.submit(jobInput("gpt-image-flare", "x [fake:moderation]")));
    expect((error as ProviderError).failure).toMatchObject({ kind: "moderation", providerStatus: 400 });
    expect((error as ProviderError).message).toMatch(/safety system/);
  });

  it("fails a poll of a job whose request was lost, since there is nothing to poll", async () => {
    const { model, endpoint } = jobInput("gpt-image-sunburst");
    expect(await openai.status({ model, endpoint }, "openai_gen_x")).toMatchObject({ status: "failed", failure: { kind: "http" } });
  });

  it("is unavailable without a key", () => {
    expect(createOpenAIProvider({}).available()).toBe(false);
  });
});
