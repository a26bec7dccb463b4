// The Gemini text adapter, through the real SDK, against the local Gemini fake.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, GoogleGenAI } from "@google/genai";
import { endpointOf } from "@/lib/catalog";
import { createGeminiProvider } from "@/lib/providers/gemini";
import type { ChatTurn, TextProvider, TextRequest } from "@/lib/providers/text-types";
import { ProviderError } from "@/lib/providers/types";
import { startGeminiFake, type GeminiFake } from "../fakes/gemini-fake";
import { failureOf, modelOf } from "./job-input";

let fake: GeminiFake;
let gemini: TextProvider;

const SYSTEM = "You are the studio's marketing assistant.";
const SCHEMA = {
  type: "object",
  properties: {
    headline: { type: "string", maxLength: 12 },
    tone: { type: "string", enum: ["bold", "calm"] },
    bullets: { type: "array", items: { type: "string" }, minItems: 2 },
    score: { type: "number" },
  },
  required: ["headline", "tone", "bullets", "score"],
  additionalProperties: false,
};

function request(text: string, extra: Partial<TextRequest> = {}): TextRequest {
  const model = modelOf("assistant");
  return { model, endpoint: endpointOf(model, {}), system: SYSTEM, turns: [{ role: "user", text }], ...extra };
}

/** Reads a stream to its end, keeping what arrived before it failed. */
async function drain(stream: AsyncIterable<string>): Promise<{ pieces: string[]; at: number[]; error?: unknown }> {
  const pieces: string[] = [];
  const at: number[] = [];
  try {
    for await (const piece of stream) {
      pieces.push(piece);
      at.push(Date.now());
    }
  } catch (error) {
    return { pieces, at, error };
  }
  return { pieces, at };
}

beforeAll(async () => {
  fake = await startGeminiFake();
  gemini = createGeminiProvider({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("Gemini text adapter", () => {
  it("streams the answer in several pieces, in order, as they arrive", async () => {
    const { pieces, at, error } = await drain(gemini.stream(request("a launch post for our new sneakers")));
    expect(error).toBeUndefined();
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join("")).toBe('You asked about "a launch post for our new sneakers". Here is a short answer from the studio assistant, in a few plain words.');
    // The fake waits 30 ms between events: the pieces came one by one, not in one read.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(60);
  });

  it("sends the system prompt, the roles user and model, and no sampling parameters", async () => {
    const turns: ChatTurn[] = [
      { role: "user", text: "hello" },
      { role: "assistant", text: "hi!" },
      { role: "user", text: "again" },
    ];
    await drain(gemini.stream(request("", { turns })));
    const sent = fake.requests.at(-1)!;
    expect([sent.method, sent.pathname, sent.query.get("alt")]).toEqual(["POST", "/v1beta/models/gemini-3.8-flash:streamGenerateContent", "sse"]);
    expect(sent.headers["x-goog-api-key"]).toBe(fake.apiKey);
    expect(sent.body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "hello" }] },
        { role: "model", parts: [{ text: "hi!" }] },
        { role: "user", parts: [{ text: "again" }] },
      ],
      systemInstruction: { role: "user", parts: [{ text: SYSTEM }] },
      generationConfig: {},
    });
  });

  it("asks for JSON with the schema and answers a document that matches it", async () => {
    const text = await gemini.complete(request("a kit for the sneakers", { json: { name: "kit", schema: SCHEMA } }));
    const sent = fake.requests.at(-1)!;
    expect(sent.pathname).toBe("/v1beta/models/gemini-3.8-flash:generateContent");
    expect((sent.body as { generationConfig: unknown }).generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: SCHEMA });
    const kit = JSON.parse(text);
    expect(kit).toEqual({ headline: expect.any(String), tone: "bold", bullets: [expect.any(String), expect.any(String)], score: 1 });
    expect(kit.headline.length).toBeLessThanOrEqual(12);
  });

  it("answers the canned texts a test queued, invalid JSON included", async () => {
    fake.queueAnswers(["not json", '{"headline":"Run"}']);
    const json = { name: "kit", schema: SCHEMA };
    expect(await gemini.complete(request("a kit", { json }))).toBe("not json");
    expect(await gemini.complete(request("a kit", { json }))).toBe('{"headline":"Run"}');
  });

  it("completes a plain answer as one text", async () => {
    expect(await gemini.complete(request("a tagline"))).toMatch(/^You asked about "a tagline"/);
  });

  it.each([
    ["500", "http", 0],
    ["moderation", "moderation", 0],
    ["empty", "empty_output", 0],
    ["cut", "http", 2],
    ["timeout", "timeout", 0],
  ])("fails a stream with [fake:%s] as %s after %i pieces", async (fault, kind, piecesBefore) => {
    const { pieces, error } = await drain(gemini.stream(request(`a post [fake:${fault}]`)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure.kind).toBe(kind);
    expect(pieces).toHaveLength(piecesBefore);
    if (fault === "500") expect((error as ProviderError).failure.providerStatus).toBe(500);
    expect(fake.requests).toHaveLength(1);
  });

  it("reads a fault marker in the system prompt too", async () => {
    const { error } = await drain(gemini.stream(request("a post", { system: "Be brief. [fake:moderation]" })));
    expect((error as ProviderError).failure.kind).toBe("moderation");
  });

  it("fails an answer stopped for safety after some text, where the stop is seen", async () => {
    fake.setBehaviour({ finishReason: "SAFETY" });
    const { pieces, error } = await drain(gemini.stream(request("a post")));
    expect(pieces.length).toBeGreaterThan(0);
    expect((error as ProviderError).failure).toMatchObject({ kind: "moderation", message: expect.stringMatching(/SAFETY/) });
  });

  it.each([
    ["moderation", "moderation"],
    ["empty", "empty_output"],
    ["500", "http"],
    ["malformed", "malformed"],
  ])("fails a completion with [fake:%s] as %s", async (fault, kind) => {
    const { error } = await failureOf(() => gemini.complete(request(`a kit [fake:${fault}]`)));
    expect((error as ProviderError).failure.kind).toBe(kind);
  });

  it("cancels a stream whose signal is aborted, and the fake sees the connection close", async () => {
    const full = await drain(gemini.stream(request("a long post")));
    fake.reset();
    const controller = new AbortController();
    const pieces: string[] = [];
    const { error } = await failureOf(async () => {
      for await (const piece of gemini.stream(request("a long post", { signal: controller.signal }))) {
        pieces.push(piece);
        controller.abort();
      }
    });
    expect((error as ProviderError).failure.kind).toBe("cancelled");
    expect(pieces).toHaveLength(1);
    await vi.waitFor(() => expect(fake.closedEarly).toBe(1));
    expect(fake.requests[0]!.eventsSent).toBeLessThan(full.pieces.length);
  });

  it("cancels a request aborted before any answer", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await failureOf(() => gemini.complete(request("a kit [fake:never]", { signal: controller.signal })));
    expect((error as ProviderError).failure.kind).toBe("cancelled");
    expect(ms).toBeLessThan(700);
    await vi.waitFor(() => expect(fake.closedEarly).toBe(1));
  });

  it("stops the upstream stream when the reader leaves the loop early", async () => {
    for await (const piece of gemini.stream(request("a long post"))) {
      expect(piece).toBeTruthy();
      break;
    }
    await vi.waitFor(() => expect(fake.closedEarly).toBe(1));
  });

  it("fails a retired model id with Gemini's 404", async () => {
    for (const endpoint of ["gemini-1.5-flash", "gemini-2.0-flash"]) {
      const { error } = await drain(gemini.stream(request("a post", { endpoint })));
      expect((error as ProviderError).failure, endpoint).toMatchObject({ kind: "http", providerStatus: 404 });
      expect((error as ProviderError).message).toMatch(/is not found/);
    }
  });

  it("fails a bad key as a configuration error, not as the user's input", async () => {
    const wrong = createGeminiProvider({ apiKey: "AIzaWrong", baseUrl: fake.url });
    const { error } = await failureOf(() => wrong.complete(request("a kit")));
    expect((error as ProviderError).failure).toMatchObject({ kind: "http", providerStatus: 400 });
    expect((error as ProviderError).message).toMatch(/API key not valid/);
  });

  it("is refused by the fake for an assistant prefill or a penalty, as Gemini 3.6+ refuses them", async () => {
    const ai = new GoogleGenAI({ apiKey: fake.apiKey, vertexai: false, httpOptions: { baseUrl: fake.url } });
    const refused = async (params: Parameters<typeof ai.models.generateContent>[0]) => {
      const error = await ai.models.generateContent(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      return (error as ApiError).status;
    };
    const contents = [{ role: "user", parts: [{ text: "hi" }] }];
    expect(await refused({ model: "gemini-3.8-flash", contents: [...contents, { role: "model", parts: [{ text: "Sure" }] }] })).toBe(400);
    expect(await refused({ model: "gemini-3.8-flash", contents, config: { presencePenalty: 0.5 } })).toBe(400);
    expect(await refused({ model: "gemini-3.8-flash", contents, config: { frequencyPenalty: 0.5 } })).toBe(400);
    const { error } = await failureOf(() => gemini.complete(request("", { turns: [{ role: "user", text: "hi" }, { role: "assistant", text: "Sure" }] })));
    expect((error as ProviderError).failure).toMatchObject({ kind: "rejected", providerStatus: 400 });
  });

  it("is unavailable without a key", () => {
    expect(createGeminiProvider({}).available()).toBe(false);
  });
});
