import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { uniqueEmail } from "../generation/seed";
import { eventually } from "../text/stream";

type Line = Record<string, unknown> & { msg?: string; level?: string };

/** The server's structured lines: JSON objects, one a line (Next's own banner lines are not). */
function linesOf(app: App): Line[] {
  return app
    .logs()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Line);
}

describe("logs an operator can read", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.stop());

  it("writes one line per request and per job transition, with the request id the client was given", async () => {
    const email = uniqueEmail("logs");
    const user = await Client.signIn(app, email);
    const prompt = "a teapot named SECRET-PROMPT-7731 [demo:fail]";
    const res = await user.fetch("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt } });
    expect(res.status).toBe(502);
    const requestId = res.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await res.json();
    expect(body.error.requestId).toBe(requestId);
    const generationId = body.error.details.generation.id;

    // The server writes its lines before it answers; they reach this process's pipe a moment later.
    const lines = await eventually(() => linesOf(app), (ls) => ls.some((l) => l.msg === "request" && l.requestId === requestId));
    const request = lines.find((l) => l.msg === "request" && l.requestId === requestId);
    expect(request).toMatchObject({ level: "warn", method: "POST", path: "/api/image/generate", status: 502, userId: expect.stringMatching(/^local_/) });
    expect(request!.durationMs).toEqual(expect.any(Number));
    const job = lines.filter((l) => l.msg === "job" && l.generationId === generationId);
    expect(job.map((l) => l.event)).toEqual(["reserved", "running", "refunded"]);
    expect(job[2]).toMatchObject({ requestId, provider: "demo", model: "flux-schnell", price: 5, refunded: true, outcome: "http", balance: 15 });
    expect(job[2]!.durationMs).toEqual(expect.any(Number));

    // Prompts, emails and secrets never reach the log.
    const all = app.logs();
    expect(all).not.toContain("SECRET-PROMPT-7731");
    expect(all).not.toContain(email);
    expect(all).not.toContain(app.env.AUTH_SECRET!);
  });

  it("puts the request id in every error body and header, and keeps a proxy's own id", async () => {
    const signedOut = await fetch(`${app.url}/api/me`);
    expect(signedOut.status).toBe(401);
    expect((await signedOut.json()).error.requestId).toBe(signedOut.headers.get("x-request-id"));

    const given = "edge-4f1c9a2b-req";
    const user = await Client.signIn(app, uniqueEmail("logs"));
    const bad = await user.fetch("/api/image/generate", { method: "POST", json: { model: "nope", prompt: "x" }, headers: { "x-request-id": given } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-request-id")).toBe(given);
    expect((await bad.json()).error.requestId).toBe(given);
    // A header that is not an id is not trusted as one.
    const odd = await user.fetch("/api/me", { headers: { "x-request-id": "<script>" } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
