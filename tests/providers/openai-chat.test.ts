// The OpenAI chat adapter, through the real SDK, against the local OpenAI fake.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import OpenAI from "openai";
import { resolveEndpoint } from "@/lib/catalog";
import { createOpenAIChatProvider } from "@/lib/providers/openai-chat";
import type { ChatTurn, TextProvider, TextRequest } from "@/lib/providers/text-types";
import { ProviderError } from "@/lib/providers/types";
import { startOpenAIFake, type OpenAIFake } from "../fakes/openai-fake";
import { failureOf, modelOf } from "./job-input";

let fake: OpenAIFake;
let openai: TextProvider;

const SYSTEM = "You write production reports.";
const SCHEMA = {
  type: "object",
  properties: {
    title: { type: "string", maxLength: 16 },
    status: { type: "string", enum: ["on_track", "late"] },
    risks: { type: "array", items: { type: "string" }, minItems: 2 },
    budget: { type: "integer", minimum: 3 },
  },
  required: ["title", "status", "risks", "budget"],
  additionalProperties: false,
};

/** The report model on its fallback: gpt-6.1-terra unless configured otherwise. */
function request(text: string, extra: Partial<TextRequest> = {}): TextRequest {
  const model = modelOf("production-report");
  return { model, endpoint: resolveEndpoint(model.fallback!.endpoint, {}), system: SYSTEM, turns: [{ role: "user", text }], ...extra };
}

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
  fake = await startOpenAIFake();
  // The production retry count: the fake's `x-should-retry: false` keeps failures to one request.
  openai = createOpenAIChatProvider({ apiKey: fake.apiKey, baseURL: fake.apiUrl, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("OpenAI chat adapter", () => {
  it("streams the answer in several pieces, in order, as they arrive", async () => {
    const { pieces, at, error } = await drain(openai.stream(request("the week's shoot schedule")));
    expect(error).toBeUndefined();
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join("")).toBe('You asked about "the week\'s shoot schedule". Here is a short answer from the studio assistant, in a few plain words.');
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(60);
  });

  it("sends the system prompt as developer, the turns, reasoning_effort and no temperature", async () => {
    const turns: ChatTurn[] = [
      { role: "user", text: "hello" },
      { role: "assistant", text: "hi!" },
      { role: "user", text: "again" },
    ];
    await drain(openai.stream(request("", { turns })));
    const sent = fake.requests.at(-1)!;
    expect([sent.method, sent.pathname]).toEqual(["POST", "/v1/chat/completions"]);
    expect(sent.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent.body).toEqual({
      model: "gpt-6.1-terra",
      messages: [
        { role: "developer", content: SYSTEM },
        { role: "user", content: "hello" },
        { role: "assistant", content: "hi!" },
        { role: "user", content: "again" },
      ],
      reasoning_effort: "low",
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("sends the configured reasoning effort", async () => {
    const high = createOpenAIChatProvider({ apiKey: fake.apiKey, baseURL: fake.apiUrl, reasoningEffort: "high" });
    await high.complete(request("a report"));
    expect(fake.requests.at(-1)!.body).toMatchObject({ reasoning_effort: "high" });
    expect(fake.requests.at(-1)!.body).not.toHaveProperty("stream");
  });

  it("asks for JSON with a strict schema and answers a document that matches it", async () => {
    const text = await openai.complete(request("the report", { json: { name: "production_report", schema: SCHEMA } }));
    const sent = fake.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.response_format).toEqual({ type: "json_schema", json_schema: { name: "production_report", schema: SCHEMA, strict: true } });
    expect(sent).not.toHaveProperty("temperature");
    const report = JSON.parse(text);
    expect(report).toEqual({ title: expect.any(String), status: "on_track", risks: [expect.any(String), expect.any(String)], budget: 3 });
    expect(report.title.length).toBeLessThanOrEqual(16);
  });

  it("answers the canned texts a test queued, invalid JSON included", async () => {
    fake.queueAnswers(["not json", '{"title":"Week 3"}']);
    const json = { name: "production_report", schema: SCHEMA };
    expect(await openai.complete(request("the report", { json }))).toBe("not json");
    expect(await openai.complete(request("the report", { json }))).toBe('{"title":"Week 3"}');
  });

  it.each([
    ["500", "http", 0],
    ["moderation", "moderation", 0],
    ["empty", "empty_output", 0],
    ["cut", "http", 2],
    ["timeout", "timeout", 0],
  ])("fails a stream with [fake:%s] as %s after %i pieces", async (fault, kind, piecesBefore) => {
    const { pieces, error } = await drain(openai.stream(request(`a report [fake:${fault}]`)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure.kind).toBe(kind);
    expect(pieces).toHaveLength(piecesBefore);
    if (fault === "500") expect((error as ProviderError).failure.providerStatus).toBe(500);
    if (fault !== "timeout") expect(fake.requests).toHaveLength(1);
  });

  it("fails an answer the content filter stopped after some text", async () => {
    fake.setBehaviour({ finishReason: "content_filter" });
    const { pieces, error } = await drain(openai.stream(request("a report")));
    expect(pieces.length).toBeGreaterThan(0);
    expect((error as ProviderError).failure.kind).toBe("moderation");
  });

  it.each([
    ["moderation", "moderation"],
    ["empty", "empty_output"],
    ["500", "http"],
    ["malformed", "malformed"],
  ])("fails a completion with [fake:%s] as %s", async (fault, kind) => {
    const { error } = await failureOf(() => openai.complete(request(`a report [fake:${fault}]`, { json: { name: "production_report", schema: SCHEMA } })));
    expect((error as ProviderError).failure.kind).toBe(kind);
  });

  it("says what the model refused", async () => {
    const { error } = await failureOf(() => openai.complete(request("a report [fake:moderation]")));
    expect((error as ProviderError).message).toMatch(/can't help/);
  });

  it("cancels a stream whose signal is aborted, and the fake sees the connection close", async () => {
    const full = await drain(openai.stream(request("a long report")));
    fake.reset();
    const controller = new AbortController();
    const pieces: string[] = [];
    const { error } = await failureOf(async () => {
      for await (const piece of openai.stream(request("a long report", { signal: controller.signal }))) {
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
    const { error, ms } = await failureOf(() => openai.complete(request("a report [fake:never]", { signal: controller.signal })));
    expect((error as ProviderError).failure.kind).toBe("cancelled");
    expect(ms).toBeLessThan(700);
    await vi.waitFor(() => expect(fake.closedEarly).toBe(1));
  });

  it("fails a shut-down model id at once with OpenAI's 404", async () => {
    for (const endpoint of ["gpt-5", "gpt-5-mini", "gpt-5-nano"]) {
      const { error } = await drain(openai.stream(request("a report", { endpoint })));
      expect((error as ProviderError).failure, endpoint).toMatchObject({ kind: "http", providerStatus: 404 });
      expect((error as ProviderError).message).toMatch(/does not exist/);
    }
    expect(fake.requests).toHaveLength(3);
  });

  it("is refused by the fake for sampling parameters, max_tokens or a schema strict mode cannot take", async () => {
    const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.apiUrl, maxRetries: 0 });
    const messages = [{ role: "user" as const, content: "hi" }];
    const refused = async (body: Record<string, unknown>) => {
      const error = await client.chat.completions.create({ model: "gpt-6.1-terra", messages, ...body } as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      return (error as InstanceType<typeof OpenAI.BadRequestError>).param;
    };
    expect(await refused({ temperature: 0.2 })).toBe("temperature");
    expect(await refused({ top_p: 0.9 })).toBe("top_p");
    expect(await refused({ max_tokens: 100 })).toBe("max_tokens");
    const open = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    expect(await refused({ response_format: { type: "json_schema", json_schema: { name: "x", schema: open, strict: true } } })).toBe("response_format");
    const answer = await client.chat.completions.create({ model: "gpt-6-luna", messages, max_completion_tokens: 100 });
    expect(answer.choices[0]).toMatchObject({ message: { role: "assistant", content: expect.any(String), refusal: null }, finish_reason: "stop" });
  });

  it("is unavailable without a key", () => {
    expect(createOpenAIChatProvider({}).available()).toBe(false);
  });
});
