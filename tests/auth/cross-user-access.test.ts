import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { anchorDataUrl } from "../generation/helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { uniqueUserId } from "../support/backends";

// Every API route that takes an id, found on disk so a new one cannot be forgotten: another user's
// id answers 404 on every method, exactly as an unknown id does, and changes nothing.

const API_DIR = path.resolve(__dirname, "../../app/api");

function idTakingRoutes(dir = API_DIR): { pattern: string; methods: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return idTakingRoutes(full);
    const pattern = path.relative(API_DIR, dir).split(path.sep).join("/");
    if (name !== "route.ts" || !pattern.includes("[")) return [];
    const methods = [...readFileSync(full, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    return [{ pattern, methods }];
  });
}

type Owned = { generationId: string; artifactPath: string; threadId: string; kitId: string; reportId: string; characterId: string; calendarEntryId: string };

/** The URL of the owner's resource for each id-taking route; a new route needs a line here. */
const URL_OF: Record<string, (owned: Owned) => string> = {
  "generations/[id]": (o) => `/api/generations/${o.generationId}`,
  "artifacts/[id]/[file]": (o) => o.artifactPath,
  "assistant/threads/[id]": (o) => `/api/assistant/threads/${o.threadId}`,
  "marketing/kits/[id]": (o) => `/api/marketing/kits/${o.kitId}`,
  "reports/[id]": (o) => `/api/reports/${o.reportId}`,
  "characters/[id]": (o) => `/api/characters/${o.characterId}`,
  "generations/[id]/cancel": (o) => `/api/generations/${o.generationId}/cancel`,
  "generations/[id]/favourite": (o) => `/api/generations/${o.generationId}/favourite`,
  "generations/[id]/ledger": (o) => `/api/generations/${o.generationId}/ledger`,
  "calendar/[id]": (o) => `/api/calendar/${o.calendarEntryId}`,
};

// Every admin route answers 404 to anyone who is not an admin, whatever the id: tests/admin walks them.
// Signed file links answer to their signature, whoever asks: tests/generation/director-flow tests them.
const isAdminRoute = (pattern: string) => pattern.startsWith("admin/") || pattern.startsWith("files/");

let app: App;
let owner: Client;
let other: Client;
let owned: Owned;

beforeAll(async () => {
  app = await startApp({ DEMO_PROVIDERS: "1" });
  owner = await Client.signIn(app, `${uniqueUserId("owner")}@example.com`);
  other = await Client.signIn(app, `${uniqueUserId("other")}@example.com`);
  const created = await owner.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a red fox in snow" } });
  expect([200, 202], JSON.stringify(created.body)).toContain(created.status);
  let generation = created.body.generation;
  for (let i = 0; i < 100 && generation.status !== "succeeded"; i++) {
    await new Promise((r) => setTimeout(r, 200));
    generation = (await owner.json(`/api/generations/${generation.id}`)).body.generation;
  }
  expect(generation.status).toBe("succeeded");
  // Text work of the owner's: a thread, a kit and a report (bought credits pay for them).
  expect((await owner.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "pro" } })).status).toBe(200);
  const asked = await owner.fetch("/api/assistant", { method: "POST", json: { message: "hello" } });
  const threadId = JSON.parse((await asked.text()).split("\n")[0]!).threadId as string;
  const kit = await owner.json("/api/marketing/generate", { method: "POST", json: { brief: "A spring launch", channels: ["x"] } });
  const today = new Date().toISOString().slice(0, 10);
  const report = await owner.json("/api/reports/production", { method: "POST", json: { from: today, to: today } });
  expect([kit.status, report.status], JSON.stringify([kit.body, report.body])).toEqual([200, 200]);
  const entry = await owner.json("/api/calendar", { method: "POST", json: { scheduledFor: "2026-12-04T10:00:00Z", channel: "x", title: "Launch", generationId: generation.id, kitId: kit.body.kit.id } });
  expect(entry.status, JSON.stringify(entry.body)).toBe(201);
  // A Director character of the owner's.
  const shot = await owner.json("/api/video/director", { method: "POST", json: { prompt: "a hero", anchors: [anchorDataUrl(7)], motion: "pan" } });
  expect(shot.status, JSON.stringify(shot.body)).toBe(202);
  let characters: { id: string }[] = [];
  for (let i = 0; i < 50 && !characters.length; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await owner.json(`/api/generations/${shot.body.generation.id}`);
    characters = (await owner.json("/api/characters")).body.characters;
  }
  owned = {
    generationId: generation.id,
    artifactPath: generation.outputs[0].url,
    threadId,
    kitId: kit.body.kit.id,
    reportId: report.body.report.id,
    characterId: characters[0]!.id,
    calendarEntryId: entry.body.entry.id,
  };
});

afterAll(async () => {
  await app?.stop();
});

describe("another user's id", () => {
  const routes = idTakingRoutes();

  it("every id-taking route is covered by this test", () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.map((r) => r.pattern).filter((p) => !URL_OF[p] && !isAdminRoute(p))).toEqual([]);
  });

  it.each(routes)("answers 404 on /api/$pattern", async ({ pattern, methods }) => {
    const url = URL_OF[pattern]?.(owned);
    if (!url) return; // reported by the coverage test above, or an admin route
    // Where the route can be read, its owner reads it: the URL names a real resource.
    if (methods.includes("GET")) expect((await owner.fetch(url)).status, `the owner reads ${url}`).toBe(200);
    for (const method of methods) {
      const res = await other.json(url, { method, ...(method === "GET" ? {} : { json: {} }) });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body?.error?.code).toBe("not_found");
    }
    // Nothing about the owner's resource changed.
    const after = await owner.json(`/api/generations/${owned.generationId}`);
    expect(after.body.generation).toMatchObject({ id: owned.generationId, status: "succeeded", refunded: false });
  });

  it("is not listed in the other user's history", async () => {
    const list = await other.json("/api/generations");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(owned.generationId);
  });

  it("answers the same 404 as an id that does not exist", async () => {
    const unknown = await other.json("/api/generations/00000000-0000-4000-8000-000000000000");
    const foreign = await other.json(`/api/generations/${owned.generationId}`);
    expect(foreign.status).toBe(unknown.status);
    expect(foreign.body.error.code).toBe(unknown.body.error.code);
  });
});
