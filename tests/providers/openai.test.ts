import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MODELS } from "@/lib/catalog";
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
  it("sends every OpenAI model of the catalog the body its model expects", async () => {
    expect(MODELS.filter((m) => m.provider === "openai" && m.kind === "image").map((m) => m.id)).toEqual(["dall-e-2", "dall-e-3"]);

    await openai.submit(jobInput("dall-e-2", "a red fox", { size: "512x512" }));
    let sent = fake.requests.at(-1)!;
    expect([sent.method, sent.pathname]).toEqual(["POST", "/v1/images/generations"]);
    expect(sent.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent.body).toEqual({ model: "dall-e-2", prompt: "a red fox", n: 1, size: "512x512", response_format: "url" });

    await openai.submit(jobInput("dall-e-3", "a red fox", { aspect: "16:9" }));
    sent = fake.requests.at(-1)!;
    expect(sent.body).toEqual({ model: "dall-e-3", prompt: "a red fox", n: 1, size: "1792x1024", quality: "standard", response_format: "url" });
  });

  it("never sends a size the model does not take", async () => {
    await openai.submit(jobInput("dall-e-3", "x", { size: "512x512" }));
    expect(fake.requests.at(-1)!.body).toMatchObject({ size: "1024x1024" });
    await openai.submit(jobInput("dall-e-2", "x", { aspect: "16:9" }));
    expect(fake.requests.at(-1)!.body).toMatchObject({ size: "1024x1024" });
  });

  it("translates the request when env renames a DALL·E model to a GPT image model", async () => {
    const state = await openai.submit({ ...jobInput("dall-e-3", "a red fox", { aspect: "16:9" }), endpoint: "gpt-image-1" });
    expect(fake.requests.at(-1)!.body).toEqual({ model: "gpt-image-1", prompt: "a red fox", n: 1, size: "1536x1024", quality: "auto" });
    expect(state).toMatchObject({ status: "succeeded", outputs: [{ type: "inline", contentType: "image/png" }] });
  });

  it("answers a finished job from submit, with an image URL that serves a PNG", async () => {
    const state = await openai.submit(jobInput("dall-e-3"));
    expect(state).toMatchObject({ status: "succeeded", providerJobId: "openai_gen_test_1", outputs: [{ type: "url", contentType: "image/png" }] });
    const url = (state as { outputs: Array<{ url: string }> }).outputs[0]!.url;
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it.each([
    ["500", "http"],
    ["timeout", "timeout"],
    ["malformed", "malformed"],
    ["moderation", "moderation"],
    ["empty", "empty_output"],
    ["rejected", "rejected"],
  ])("fails [fake:%s] as %s in one request", async (fault, kind) => {
    const { error, ms } = await failureOf(() => openai.submit(jobInput("dall-e-3", `x [fake:${fault}]`)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure.kind).toBe(kind);
    // A timeout is retried once (maxRetries 1); everything else is answered at once.
    expect(ms).toBeLessThan(fault === "timeout" ? 2_500 : 1_000);
    if (fault !== "timeout") expect(fake.requests).toHaveLength(1);
  });

  it("says which safety refusal it was", async () => {
    const { error } = await failureOf(() => openai.submit(jobInput("dall-e-2", "x [fake:moderation]")));
    expect((error as ProviderError).failure).toMatchObject({ kind: "moderation", providerStatus: 400 });
    expect((error as ProviderError).message).toMatch(/safety system/);
  });

  it("succeeds with an output URL that 404s for [fake:404-output], for storage to catch", async () => {
    const state = await openai.submit(jobInput("dall-e-2", "x [fake:404-output]"));
    expect(state.status).toBe("succeeded");
    expect((await fetch((state as { outputs: Array<{ url: string }> }).outputs[0]!.url)).status).toBe(404);
  });

  it("fails a poll of a job whose request was lost, since there is nothing to poll", async () => {
    const { model, endpoint } = jobInput("dall-e-3");
    expect(await openai.status({ model, endpoint }, "openai_gen_x")).toMatchObject({ status: "failed", failure: { kind: "http" } });
  });

  it("is unavailable without a key", () => {
    expect(createOpenAIProvider({}).available()).toBe(false);
  });
});
