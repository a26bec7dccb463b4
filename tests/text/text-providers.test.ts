import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import { Client, startApp, type App } from "../support/app";
import { balanceOf } from "../generation/helpers";
import { seedUsers, uniqueEmail } from "../generation/seed";
import { ask, eventually, readAnswer } from "./stream";

// With Gemini and OpenAI keys set, text runs through @google/genai and openai against local fakes
// that speak their protocols; every charge and refund is real.
describe("text through the Gemini and OpenAI SDKs against local fakes", () => {
  let fakes: ProviderFakes;
  let app: App;
  const users = Array.from({ length: 16 }, (_, i) => uniqueEmail(`writer${i}`));
  let next = 0;
  const signIn = () => Client.signIn(app, users[next++]!);

  beforeAll(async () => {
    fakes = await startProviderFakes();
    const dataDir = await seedUsers(users.map((email) => ({ email, plan: "pro" as const, credits: 1000 })));
    app = await startApp({ DATA_DIR: dataDir, ...fakes.env, PROVIDER_REQUEST_TIMEOUT_MS: "10000" }, { auth: "clerk" });
  });
  beforeEach(() => fakes?.reset());
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const generationOf = async (user: Client, id: string) => (await user.json(`/api/generations/${id}`)).body.generation;
  const geminiCalls = () => fakes.gemini.requests.filter((r) => r.method === "POST");

  it("streams a Gemini answer to the client in more than one piece, written for the user's brand", async () => {
    const user = await signIn();
    await user.json("/api/brand", { method: "PUT", json: { name: "Lumen Tea", offer: "loose-leaf tea", audience: "designers", voice: "calm" } });
    const { events, arrivals, last } = await readAnswer(await ask(user, { message: "Three hooks for our spring blend" }));
    expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(1);
    expect(arrivals.length).toBeGreaterThan(1);
    expect(last).toMatchObject({ type: "done", balance: 998 });
    const [call] = geminiCalls();
    expect(call!.pathname).toBe("/v1beta/models/gemini-3.8-flash:streamGenerateContent");
    const body = call!.body as { systemInstruction: { parts: { text: string }[] }; contents: { role: string }[]; generationConfig?: Record<string, unknown> };
    expect(body.systemInstruction.parts[0]!.text).toContain("Brand: Lumen Tea");
    expect(body.contents.map((c) => c.role)).toEqual(["user"]);
    expect(body.generationConfig ?? {}).not.toHaveProperty("temperature");

    // The follow-up carries the thread as context.
    const second = await readAnswer(await ask(user, { threadId: events[0]!.threadId, message: "Make the second one shorter" }));
    expect(second.last.type).toBe("done");
    const followUp = geminiCalls()[1]!.body as { contents: { role: string }[] };
    expect(followUp.contents.map((c) => c.role)).toEqual(["user", "model", "user"]);
  });

  it.each([
    ["[fake:500]", "http"],
    ["[fake:moderation]", "moderation"],
    ["[fake:empty]", "empty_output"],
  ])("refunds %s before the first piece with a 502 (%s)", async (marker, code) => {
    const user = await signIn();
    const res = await ask(user, { message: `a question ${marker}` });
    expect(res.status).toBe(502);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "provider_failed", details: { refunded: true, code, balance: 1000 } });
    if (code === "moderation") expect(error.message).toMatch(/declined to answer this for safety reasons/);
    expect(await balanceOf(user)).toBe(1000);
  });

  it("refunds a Gemini stream that breaks off, once, keeping the partial answer", async () => {
    const user = await signIn();
    const { events, text, last } = await readAnswer(await ask(user, { message: "a long plan [fake:cut]" }));
    expect(text.length).toBeGreaterThan(0);
    expect(last).toMatchObject({ type: "error", refunded: true, balance: 1000 });
    expect(await generationOf(user, events[0]!.generationId!)).toMatchObject({ status: "failed", refunded: true });
    const { body: thread } = await user.json(`/api/assistant/threads/${events[0]!.threadId}`);
    expect(thread.messages[1]).toMatchObject({ status: "partial", content: text });
    expect(await balanceOf(user)).toBe(1000);
  });

  it("refunds an answer Gemini stops for safety after some text", async () => {
    const user = await signIn();
    fakes.gemini.setBehaviour({ finishReason: "SAFETY" });
    const { last } = await readAnswer(await ask(user, { message: "something borderline" }));
    expect(last).toMatchObject({ type: "error", code: "moderation", refunded: true, balance: 1000 });
  });

  it("stops the upstream call when the client leaves after text arrived, and charges for what was written", async () => {
    const user = await signIn();
    fakes.gemini.setBehaviour({ chunkDelayMs: 300, text: Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ") });
    const { events } = await readAnswer(await ask(user, { message: "a slow answer" }), { stopAfterDeltas: 1 });
    const generation = await eventually(() => generationOf(user, events[0]!.generationId!), (g) => g.status === "succeeded");
    expect(generation).toMatchObject({ status: "succeeded", refunded: false });
    await eventually(async () => fakes.gemini.closedEarly, (n) => n === 1);
    expect(fakes.gemini.closedEarly).toBe(1);
    expect(await balanceOf(user)).toBe(998);
    const { body: thread } = await user.json(`/api/assistant/threads/${events[0]!.threadId}`);
    expect(thread.messages[1].status).toBe("interrupted");
  });

  it("answers a repeated Idempotency-Key with the same answer, charged once", async () => {
    const user = await signIn();
    const headers = { "idempotency-key": "assistant-once-1" };
    const first = await readAnswer(await ask(user, { message: "once only" }, { headers }));
    const again = await readAnswer(await ask(user, { message: "once only" }, { headers }));
    expect(again.text).toBe(first.text);
    expect(again.events[0]!.generationId).toBe(first.events[0]!.generationId);
    expect(await balanceOf(user)).toBe(998);
    expect(geminiCalls()).toHaveLength(1);
    const conflict = await ask(user, { message: "something else" }, { headers });
    expect(conflict.status).toBe(409);
  });

  it("retries a kit once when the model answers invalid JSON, and sends the schema in JSON mode", async () => {
    const user = await signIn();
    fakes.gemini.queueAnswers(["this is not json"]);
    const { status, body } = await user.json("/api/marketing/generate", { method: "POST", json: { brief: "Spring blend", channels: ["instagram", "x"] } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.balance).toBe(996);
    const calls = geminiCalls();
    expect(calls).toHaveLength(2);
    const config = (calls[0]!.body as { generationConfig: { responseMimeType: string; responseJsonSchema: { required: string[] } } }).generationConfig;
    expect(config.responseMimeType).toBe("application/json");
    expect(config.responseJsonSchema.required).toEqual(["headline", "captions", "hashtags", "email", "callToAction"]);
    expect(Object.keys(body.kit.kit.captions).sort()).toEqual(["instagram", "x"]);
  });

  it("refuses a kit over a channel's limit twice, refunding it with a 502", async () => {
    const user = await signIn();
    const tooLong = JSON.stringify({
      headline: "Spring", captions: { x: "x".repeat(281) }, hashtags: ["#tea"], email: { subject: "Hi", body: "Hello" }, callToAction: "Buy",
    });
    fakes.gemini.queueAnswers([tooLong, tooLong]);
    const { status, body } = await user.json("/api/marketing/generate", { method: "POST", json: { brief: "Spring blend", channels: ["x"] } });
    expect(status).toBe(502);
    expect(body.error.details).toMatchObject({ refunded: true, code: "invalid_output", balance: 1000 });
    expect(geminiCalls()).toHaveLength(2);
    expect(await balanceOf(user)).toBe(1000);
    expect((await user.json("/api/marketing/kits")).body.items).toEqual([]);
  });

  it("writes the report on OpenAI when Gemini fails, and retries a narrative that invents a number", async () => {
    const user = await signIn();
    const made = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a teapot" } });
    expect(made.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);

    fakes.gemini.setBehaviour({ fault: "500" });
    const viaOpenAI = await user.json("/api/reports/production", { method: "POST", json: { from: today, to: today } });
    expect(viaOpenAI.status, JSON.stringify(viaOpenAI.body)).toBe(200);
    expect(viaOpenAI.body.report.provider).toBe("openai");
    const chat = fakes.openai.requests.filter((r) => r.pathname === "/v1/chat/completions");
    expect(chat).toHaveLength(1);
    expect(chat[0]!.body).toMatchObject({ model: "gpt-6.1-terra", reasoning_effort: "low", response_format: { type: "json_schema" } });
    expect(chat[0]!.body).not.toHaveProperty("temperature");

    fakes.reset();
    fakes.gemini.queueAnswers([
      JSON.stringify({ narrative: "You made 999 images this week.", recommendations: ["Make more."] }),
      JSON.stringify({ narrative: "You made 1 image; it succeeded.", recommendations: ["Keep going."] }),
    ]);
    const honest = await user.json("/api/reports/production", { method: "POST", json: { from: today, to: today } });
    expect(honest.status, JSON.stringify(honest.body)).toBe(200);
    expect(honest.body.report).toMatchObject({ provider: "gemini", narrative: "You made 1 image; it succeeded." });
    expect(geminiCalls()).toHaveLength(2);
    expect(await balanceOf(user)).toBe(1000 - 5 - 5 - 5);
  });

  it("refunds a report when every writer fails", async () => {
    const user = await signIn();
    await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a teapot" } });
    const today = new Date().toISOString().slice(0, 10);
    fakes.gemini.setBehaviour({ fault: "500" });
    fakes.openai.setBehaviour({ fault: "500" });
    const { status, body } = await user.json("/api/reports/production", { method: "POST", json: { from: today, to: today } });
    expect(status).toBe(502);
    expect(body.error.details).toMatchObject({ refunded: true, balance: 995 });
    expect(await balanceOf(user)).toBe(995);
  });
});
