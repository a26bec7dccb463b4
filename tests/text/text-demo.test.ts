import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { balanceOf } from "../generation/helpers";
import { uniqueEmail } from "../generation/seed";
import { ask, eventually, readAnswer } from "./stream";

// The embedded default: the demo text provider answers, and every charge and refund is real.
describe("text on the embedded default", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.stop());

  const signIn = () => Client.signIn(app, uniqueEmail("text"));
  const generationOf = async (user: Client, id: string) => (await user.json(`/api/generations/${id}`)).body.generation;

  it("streams the assistant's answer in pieces, charges 2 credits once, and keeps the thread", async () => {
    const user = await signIn();
    await user.json("/api/brand", { method: "PUT", json: { name: "Lumen Tea", offer: "loose-leaf tea by subscription", audience: "busy designers", voice: "calm, witty" } });
    const res = await ask(user, { message: "Plan three posts for our spring blend" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const { events, arrivals, text, last } = await readAnswer(res);
    expect(events[0]).toMatchObject({ type: "start", balance: 13 });
    expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(3);
    // The pieces reached the client over time, not in one buffered write.
    expect(arrivals.length).toBeGreaterThan(3);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(50);
    expect(text).toContain("Demo answer");
    expect(text).toContain("Lumen Tea");
    expect(last).toMatchObject({ type: "done", balance: 13 });
    expect(await balanceOf(user)).toBe(13);
    expect(await generationOf(user, events[0]!.generationId!)).toMatchObject({ kind: "chat", status: "succeeded", price: 2, refunded: false });

    const threadId = events[0]!.threadId!;
    const second = await readAnswer(await ask(user, { threadId, message: "Now make the second one funnier" }));
    expect(second.last).toMatchObject({ type: "done", balance: 11 });
    const { body: thread } = await user.json(`/api/assistant/threads/${threadId}`);
    expect(thread.messages.map((m: { role: string; status: string }) => [m.role, m.status])).toEqual([
      ["user", "complete"], ["assistant", "complete"], ["user", "complete"], ["assistant", "complete"],
    ]);
    expect(thread.messages[1].content).toBe(text);
    const { body: list } = await user.json("/api/assistant/threads");
    expect(list.items.map((t: { id: string }) => t.id)).toEqual([threadId]);
    // Text work is not media: the studio's history stays as it was.
    expect((await user.json("/api/generations")).body.items).toEqual([]);
  });

  it("refunds a failure before the first piece with a 502, and keeps the question", async () => {
    const user = await signIn();
    const res = await ask(user, { message: "a broken answer [demo:fail]" });
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "provider_failed", details: { refunded: true, balance: 15 } });
    expect(body.error.message).toMatch(/refunded/);
    expect(await balanceOf(user)).toBe(15);
    const { body: thread } = await user.json(`/api/assistant/threads/${body.error.details.threadId}`);
    expect(thread.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
  });

  it("refunds an answer that breaks off mid-stream, once, and keeps the partial text marked", async () => {
    const user = await signIn();
    const { events, text, last } = await readAnswer(await ask(user, { message: "a long plan [demo:cut]" }));
    expect(text.length).toBeGreaterThan(0);
    expect(last).toMatchObject({ type: "error", refunded: true, balance: 15 });
    expect(await balanceOf(user)).toBe(15);
    expect(await generationOf(user, events[0]!.generationId!)).toMatchObject({ status: "failed", refunded: true });
    const { body: thread } = await user.json(`/api/assistant/threads/${events[0]!.threadId}`);
    expect(thread.messages[1]).toMatchObject({ role: "assistant", status: "partial", content: text });
  });

  it("charges a client that leaves after text arrived, stops the answer, and keeps what was written", async () => {
    const user = await signIn();
    const { events, text } = await readAnswer(await ask(user, { message: "Write a long campaign plan" }), { stopAfterDeltas: 1 });
    const generationId = events[0]!.generationId!;
    const done = await eventually(() => generationOf(user, generationId), (g) => g.status !== "running" && g.status !== "queued");
    expect(done).toMatchObject({ status: "succeeded", refunded: false });
    expect(await balanceOf(user)).toBe(13);
    const { body: thread } = await user.json(`/api/assistant/threads/${events[0]!.threadId}`);
    expect(thread.messages[1]).toMatchObject({ role: "assistant", status: "interrupted" });
    expect(thread.messages[1].content.startsWith(text)).toBe(true);
    expect(thread.messages[1].content.length).toBeLessThan(600);
  });

  it("regenerates the last answer for 2 credits: the question is asked once and every answer is kept", async () => {
    const user = await signIn();
    const first = await readAnswer(await ask(user, { message: "Plan three posts for our spring blend" }));
    const threadId = first.events[0]!.threadId!;
    const again = await readAnswer(await ask(user, { threadId, regenerate: true }));
    expect(again.events[0]).toMatchObject({ type: "start", threadId, balance: 11 });
    expect(again.text).toContain("Plan three posts for our spring blend");
    expect(again.last).toMatchObject({ type: "done", balance: 11 });
    expect(await balanceOf(user)).toBe(11);
    expect(await generationOf(user, again.events[0]!.generationId!)).toMatchObject({ kind: "chat", status: "succeeded", price: 2, refunded: false });
    const { body: thread } = await user.json(`/api/assistant/threads/${threadId}`);
    expect(thread.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ["user", "Plan three posts for our spring blend"], ["assistant", first.text], ["assistant", again.text],
    ]);
  });

  it("answers a question whose answer failed when asked to regenerate, refunding a failure again", async () => {
    const user = await signIn();
    const failed = await ask(user, { message: "a broken answer [demo:fail]" });
    expect(failed.status).toBe(502);
    const { threadId } = (await failed.json()).error.details;
    const again = await ask(user, { threadId, regenerate: true });
    expect(again.status).toBe(502);
    expect((await again.json()).error).toMatchObject({ code: "provider_failed", details: { refunded: true, balance: 15, threadId } });
    expect(await balanceOf(user)).toBe(15);
    const { body: thread } = await user.json(`/api/assistant/threads/${threadId}`);
    expect(thread.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
  });

  it("regenerates only in a thread of the user's, and never with a new message at once", async () => {
    const owner = await signIn();
    const { events } = await readAnswer(await ask(owner, { message: "Hello" }));
    const threadId = events[0]!.threadId!;
    const stranger = await signIn();
    expect((await ask(stranger, { threadId, regenerate: true })).status).toBe(404);
    for (const json of [{ regenerate: true }, { threadId, regenerate: true, message: "and this" }, { threadId, regenerate: "yes" }, { threadId, regenerate: false }]) {
      const { status, body } = await owner.json("/api/assistant", { method: "POST", json });
      expect(status, JSON.stringify(json)).toBe(400);
      expect(body.error.code).toBe("invalid_request");
    }
    expect(await balanceOf(stranger)).toBe(15);
    expect(await balanceOf(owner)).toBe(13);
    expect((await owner.json(`/api/assistant/threads/${threadId}`)).body.messages).toHaveLength(2);
  });

  it("renames and deletes a thread; another user's thread, kit and report are 404", async () => {
    const owner = await signIn();
    const { events } = await readAnswer(await ask(owner, { message: "Hello" }));
    const threadId = events[0]!.threadId!;
    const kit = await owner.json("/api/marketing/generate", { method: "POST", json: { brief: "Spring blend launch", channels: ["x"] } });
    expect(kit.status).toBe(200);

    const stranger = await signIn();
    expect((await stranger.json(`/api/assistant/threads/${threadId}`)).status).toBe(404);
    expect((await stranger.json(`/api/assistant/threads/${threadId}`, { method: "PATCH", json: { title: "mine" } })).status).toBe(404);
    expect((await stranger.fetch(`/api/assistant/threads/${threadId}`, { method: "DELETE" })).status).toBe(404);
    expect((await ask(stranger, { threadId, message: "let me in" })).status).toBe(404);
    expect(await balanceOf(stranger)).toBe(15);
    expect((await stranger.json(`/api/marketing/kits/${kit.body.kit.id}`)).status).toBe(404);
    expect((await stranger.json(`/api/reports/${kit.body.kit.id}`)).status).toBe(404);
    expect((await stranger.json("/api/assistant/threads/not-a-uuid")).status).toBe(404);

    const renamed = await owner.json(`/api/assistant/threads/${threadId}`, { method: "PATCH", json: { title: "Spring launch" } });
    expect(renamed.body.thread).toMatchObject({ id: threadId, title: "Spring launch" });
    expect((await owner.fetch(`/api/assistant/threads/${threadId}`, { method: "DELETE" })).status).toBe(204);
    expect((await owner.json(`/api/assistant/threads/${threadId}`)).status).toBe(404);
  });

  it("refuses bad input with a 400 and charges nothing", async () => {
    const user = await signIn();
    for (const [path, json] of [
      ["/api/assistant", { message: "" }],
      ["/api/assistant", { message: "x".repeat(4001) }],
      ["/api/assistant", { message: "hi", threadId: "nope" }],
      ["/api/assistant", { message: "hi", extra: 1 }],
      ["/api/marketing/generate", { brief: "a", channels: [] }],
      ["/api/marketing/generate", { brief: "a", channels: ["myspace"] }],
      ["/api/marketing/generate", { brief: "a", channels: ["x", "x"] }],
      ["/api/reports/production", { from: "2026-02-01", to: "2026-01-01" }],
      ["/api/reports/production", { from: "2025-01-01", to: "2026-06-01" }],
      ["/api/reports/production", { from: "yesterday", to: "2026-01-01" }],
      ["/api/brand", { name: "x".repeat(121) }],
      ["/api/brand", { links: ["javascript:alert(1)"] }],
    ] as const) {
      const method = path === "/api/brand" ? "PUT" : "POST";
      const { status, body } = await user.json(path, { method, json });
      expect(status, `${path} ${JSON.stringify(json).slice(0, 60)}`).toBe(400);
      expect(body.error.code).toBe("invalid_request");
    }
    expect(await balanceOf(user)).toBe(15);
  });

  it("makes a valid marketing kit for each channel asked, within each channel's limit, for 4 credits", async () => {
    const user = await signIn();
    const { status, body } = await user.json("/api/marketing/generate", {
      method: "POST",
      json: { brief: "Launch of our spring blend with a 10% discount for the first week", channels: ["instagram", "x", "linkedin"], tone: "playful" },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.balance).toBe(11);
    const { kit } = body.kit;
    expect(Object.keys(kit.captions).sort()).toEqual(["instagram", "linkedin", "x"]);
    expect(kit.captions.x.length).toBeLessThanOrEqual(280);
    expect(kit.headline.length).toBeLessThanOrEqual(90);
    expect(kit.hashtags.every((h: string) => h.startsWith("#"))).toBe(true);
    expect(kit.email.subject.length).toBeGreaterThan(0);
    const { body: list } = await user.json("/api/marketing/kits");
    expect(list.items.map((k: { id: string }) => k.id)).toEqual([body.kit.id]);
  });

  it("answers a quiet period from the figures alone, without a model call or a charge", async () => {
    const user = await signIn();
    const { status, body } = await user.json("/api/reports/production", { method: "POST", json: { from: "2026-01-01", to: "2026-01-31" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ report: null, figures: { totals: { generations: 0 } } });
    expect(body.message).toMatch(/nothing was charged/);
    expect(await balanceOf(user)).toBe(15);
    expect((await user.json("/api/reports")).body.items).toEqual([]);
  });

  it("writes a report over the user's own history from the real figures, keeps it, and exports it as Markdown", async () => {
    const user = await signIn();
    const made = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a teapot at dawn" } });
    expect(made.status).toBe(200);
    await readAnswer(await ask(user, { message: "hello" }));
    const today = new Date().toISOString().slice(0, 10);
    const { status, body } = await user.json("/api/reports/production", { method: "POST", json: { from: today, to: today } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.balance).toBe(15 - 5 - 2 - 5);
    const { report } = body;
    expect(report.figures.totals).toMatchObject({ generations: 2, succeeded: 2, creditsSpent: 7 });
    expect(report.narrative).toContain("2 generations");
    expect(report.provider).toBe("demo");
    const md = await user.fetch(`/api/reports/${report.id}?format=md`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    const text = await md.text();
    expect(text).toContain(`# Production report, ${today} to ${today}`);
    expect(text).toContain("| FLUX.1 schnell | image | 1 |");
    expect((await user.json("/api/reports")).body.items.map((r: { id: string }) => r.id)).toEqual([report.id]);
  });

  it("keeps threads across a restart", async () => {
    const dataDir = app.dataDir;
    const email = uniqueEmail("restart");
    const { events, text } = await readAnswer(await ask(await Client.signIn(app, email), { message: "Remember this" }));
    await app.stop();
    app = await startApp({ DATA_DIR: dataDir });
    const back = await Client.signIn(app, email);
    const { status, body } = await back.json(`/api/assistant/threads/${events[0]!.threadId}`);
    expect(status).toBe(200);
    expect(body.messages[1].content).toBe(text);
  });
});
