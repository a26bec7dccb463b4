import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localUserId } from "../../lib/auth/local-session";
import { openPostgres } from "../../lib/db/postgres";
import type { SqlDb } from "../../lib/db/types";
import { balanceOf, waitForFinish, type View } from "../generation/helpers";
import { seedUser, uniqueEmail, withAppDatabase } from "../generation/seed";
import { Client, startApp, type App } from "../support/app";
import { createTestDatabase } from "../support/postgres-database";

type Item = View & { kind: string; model: string; prompt: string; favourite: boolean; createdAt: string };
type Seed = { name: string; kind?: string; model?: string; prompt: string; status?: string; at: string };

// Rows from other days and in every state, written before the app starts (PGlite belongs to one
// process). The app sweeps nothing (SWEEP_INTERVAL_SECONDS=0), so the open ones stay open.
const SEEDS: Seed[] = [
  { name: "jan", prompt: "an old lighthouse in January", at: "2026-01-10T12:00:00Z" },
  { name: "feb", kind: "video", model: "kling-3.0", prompt: "waves in February", at: "2026-02-15T08:00:00Z" },
  { name: "febFailed", kind: "video", model: "kling-3.0", prompt: "a wave that broke", status: "failed", at: "2026-02-16T09:00:00Z" },
  // 23:30 UTC on the 20th is already the 21st in Berlin.
  { name: "berlin", prompt: "late evening over the Spree", at: "2026-03-20T23:30:00Z" },
  { name: "running", kind: "video", model: "wan-2.1-turbo", prompt: "still rendering", status: "running", at: "2026-03-24T10:00:00Z" },
  { name: "queued", prompt: "waiting in line", status: "queued", at: "2026-03-25T10:00:00Z" },
  { name: "retired", model: "dall-e-3", prompt: "made before the shutdown", at: "2026-04-01T10:00:00Z" },
];

async function seedRows(sql: SqlDb, userId: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const s of SEEDS) {
    const status = s.status ?? "succeeded";
    const [row] = await sql.query<{ id: string }>(
      `insert into generations (user_id, kind, model, provider, prompt, price, timeout_seconds, status, refunded, created_at, started_at, finished_at)
       values ($1, $2, $3, 'replicate', $4, 5, 600, $5, $5 = 'failed', $6::text::timestamptz, $6::text::timestamptz,
               case when $5 in ('succeeded', 'failed') then $6::text::timestamptz end)
       returning id`,
      [userId, s.kind ?? "image", s.model ?? "flux-schnell", s.prompt, status, s.at],
    );
    ids[s.name] = row.id;
  }
  // 40 rows inside one millisecond, 10 of them sharing a microsecond with another: a paging test
  // that filters them must still see each once, in order.
  await sql.query(
    `insert into generations (user_id, kind, model, provider, prompt, price, timeout_seconds, status, created_at, finished_at)
     select $1, case when i % 3 = 0 then 'video' else 'image' end, case when i % 3 = 0 then 'kling-3.0' else 'flux-schnell' end,
            'replicate', case when i % 4 = 0 then 'Quiet ' || i else 'Burst ' || i end, 1, 60, 'succeeded', t, t
       from generate_series(0, 39) i,
            lateral (select '2026-05-05T10:00:00.500Z'::text::timestamptz + (i % 30) * interval '1 microsecond' as t) at`,
    [userId],
  );
  return ids;
}

describe("the history API with the demo provider", () => {
  let app: App;
  let ownDatabase: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let seeded: Record<string, string> = {};
  const ownerEmail = uniqueEmail("history");
  const otherEmail = uniqueEmail("stranger");
  let owner: Client;
  let other: Client;
  const made: Record<string, Item> = {};

  beforeAll(async () => {
    const users = [
      { email: ownerEmail, plan: "pro" as const, credits: 1000 },
      { email: otherEmail, credits: 15 },
    ];
    const shared = inject("databaseUrl");
    const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-history-"));
    const seed = async (sql: SqlDb) => {
      for (const user of users) await seedUser(sql, user);
      seeded = await seedRows(sql, localUserId(ownerEmail));
    };
    if (shared) {
      ownDatabase = await createTestDatabase(shared);
      const sql = openPostgres(ownDatabase.url, { max: 1 });
      try {
        await seed(sql);
      } finally {
        await sql.close();
      }
    } else {
      await withAppDatabase(dataDir, seed);
    }
    app = await startApp({
      DATA_DIR: dataDir,
      ...(ownDatabase ? { DATABASE_URL: ownDatabase.url } : {}),
      DEMO_PROVIDERS: "1",
      SWEEP_INTERVAL_SECONDS: "0",
      GENERATION_POLL_INTERVAL_SECONDS: "0",
      IMAGE_WAIT_MS: "5000",
    });
    owner = await Client.signIn(app, ownerEmail);
    other = await Client.signIn(app, otherEmail);

    const image = async (name: string, model: string, prompt: string) => {
      const { status, body } = await owner.json("/api/image/generate", { method: "POST", json: { model, prompt } });
      expect([200, 502], JSON.stringify(body)).toContain(status);
      const generation = (body.generation ?? body.error.details.generation) as Item;
      made[name] = (await waitForFinish(owner, generation.id)) as Item;
    };
    await image("lighthouse", "flux-schnell", "A Lighthouse at dusk");
    await image("percent", "gpt-image-flare", "100% pure_cotton tee");
    await image("decoy", "flux-schnell", "100 percent pureXcotton tee");
    await image("failed", "flux-schnell", "a broken robot [demo:fail]");
    const video = await owner.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "waves on a black beach" } });
    expect(video.status).toBe(202);
    made.video = (await waitForFinish(owner, video.body.generation.id)) as Item;
    const chat = await owner.fetch("/api/assistant", { method: "POST", json: { message: "hello lighthouse keeper" } });
    expect(chat.status).toBe(200);
    await chat.text();
  });
  afterAll(async () => {
    await app?.stop();
    await ownDatabase?.drop();
  });

  const list = async (query: string, client = owner) => {
    const { status, body } = await client.json(`/api/generations?${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as { items: Item[]; nextCursor: string | null };
  };
  const idsOf = async (query: string) => (await list(`limit=100&${query}`)).items.map((g) => g.id);
  const today = () => new Date().toISOString().slice(0, 10);

  it("lists media by default, as the Studio reads it, and every kind with kind=all", async () => {
    const media = await list("limit=100");
    expect(media.items.map((g) => g.kind).filter((k) => k === "chat")).toEqual([]);
    expect(media.items.map((g) => g.id)).toContain(made.lighthouse.id);
    const all = await list("limit=100&kind=all");
    expect(all.items.filter((g) => g.kind === "chat").map((g) => g.prompt)).toEqual(["hello lighthouse keeper"]);
    expect(all.items.every((g) => typeof g.favourite === "boolean")).toBe(true);
    expect((await list("kind=chat")).items.map((g) => g.prompt)).toEqual(["hello lighthouse keeper"]);
  });

  it("filters by kind, model, status and dates, each and all together", async () => {
    const videos = await list("limit=100&kind=video");
    expect(videos.items.length).toBeGreaterThan(0);
    expect(videos.items.every((g) => g.kind === "video")).toBe(true);
    expect(videos.items.map((g) => g.id)).toEqual(expect.arrayContaining([made.video.id, seeded.feb, seeded.febFailed, seeded.running]));

    expect(await idsOf("model=gpt-image-flare")).toEqual([made.percent.id]);
    // A retired model's past work is still found under its id.
    expect(await idsOf("model=dall-e-3")).toEqual([seeded.retired]);

    expect(await idsOf("status=failed")).toEqual([made.failed.id, seeded.febFailed]);
    expect(await idsOf("status=running")).toEqual([seeded.running]);
    expect(await idsOf("status=queued")).toEqual([seeded.queued]);

    expect(await idsOf("from=2026-02-01&to=2026-02-28")).toEqual([seeded.febFailed, seeded.feb]);
    // Both ends of a range are whole days, included.
    expect(await idsOf("from=2026-02-15&to=2026-02-15")).toEqual([seeded.feb]);
    expect(await idsOf("from=2026-02-16&to=2026-02-16")).toEqual([seeded.febFailed]);
    // A day is the user's own: 23:30 UTC on March 20th is March 21st in Berlin.
    expect(await idsOf("from=2026-03-21&to=2026-03-21&tz=Europe/Berlin")).toEqual([seeded.berlin]);
    expect(await idsOf("from=2026-03-21&to=2026-03-21")).toEqual([]);
    expect(await idsOf("from=2026-03-20&to=2026-03-20&tz=UTC")).toEqual([seeded.berlin]);
    const todays = await idsOf(`kind=all&from=${today()}`);
    expect(todays).toEqual(expect.arrayContaining([made.lighthouse.id, made.video.id]));
    expect(todays).not.toContain(seeded.jan);

    // Every filter at once.
    expect(await idsOf("kind=video&model=kling-3.0&status=succeeded&from=2026-02-01&to=2026-02-28&q=WAVES")).toEqual([seeded.feb]);
    expect(await idsOf(`kind=image&model=flux-schnell&status=failed&from=${today()}&to=${today()}&q=robot`)).toEqual([made.failed.id]);
    expect(await idsOf(`kind=image&model=flux-schnell&status=succeeded&from=${today()}&q=robot`)).toEqual([]);
  });

  it("searches prompts case-insensitively, taking % and _ literally", async () => {
    expect(await idsOf("kind=all&q=lighthouse")).toEqual(
      (await list("limit=100&kind=all")).items.filter((g) => /lighthouse/i.test(g.prompt)).map((g) => g.id),
    );
    expect(await idsOf("q=LIGHTHOUSE")).toEqual([made.lighthouse.id, seeded.jan]);
    expect(await idsOf(`q=${encodeURIComponent("100%")}`)).toEqual([made.percent.id]);
    expect(await idsOf("q=pure_cotton")).toEqual([made.percent.id]);
    expect(await idsOf(`q=${encodeURIComponent("%")}`)).toEqual([made.percent.id]);
    expect(await idsOf("q=_")).toEqual([made.percent.id]);
    expect(await idsOf("q=pureXcotton")).toEqual([made.decoy.id]);
    // Blank space around a search is not part of it; a blank search is no search.
    expect(await idsOf(`q=${encodeURIComponent("  robot  ")}`)).toEqual([made.failed.id]);
    expect((await idsOf("q=%20%20")).length).toBe((await idsOf("")).length);
  });

  it("pages a filtered list with its cursor: each row once, in order", async () => {
    const everything = (await list("limit=100&kind=all")).items;
    const expected = everything.filter((g) => g.kind === "image" && /burst/i.test(g.prompt)).map((g) => g.id);
    expect(expected.length).toBeGreaterThan(15);
    for (const limit of [1, 3, 7]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const page = await list(`kind=image&q=burst&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((g) => g.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen, `limit ${limit}`).toEqual(expected);
    }
    // The last page says so: no cursor to a page that would be empty.
    const exact = await list(`kind=image&q=burst&limit=${expected.length}`);
    expect(exact.items).toHaveLength(expected.length);
    expect(exact.nextCursor).toBeNull();
  });

  it("marks and unmarks favourites of the user's own generations; another user's is a 404", async () => {
    const put = await owner.json(`/api/generations/${made.video.id}/favourite`, { method: "PUT" });
    expect(put).toMatchObject({ status: 200, body: { favourite: true } });
    expect((await owner.json(`/api/generations/${made.video.id}/favourite`, { method: "PUT" })).body).toEqual({ favourite: true });
    expect((await owner.json(`/api/generations/${seeded.jan}/favourite`, { method: "PUT" })).status).toBe(200);

    expect(await idsOf("favourites=true")).toEqual([made.video.id, seeded.jan]);
    expect(await idsOf("favourites=true&kind=video")).toEqual([made.video.id]);
    expect(await idsOf("favourites=true&q=january")).toEqual([seeded.jan]);
    const flags = Object.fromEntries((await list("limit=100")).items.map((g) => [g.id, g.favourite]));
    expect([flags[made.video.id], flags[seeded.jan], flags[made.lighthouse.id]]).toEqual([true, true, false]);

    // Someone else can neither mark nor unmark it, nor learn it exists.
    for (const method of ["PUT", "DELETE"]) {
      const res = await other.json(`/api/generations/${made.video.id}/favourite`, { method });
      expect(res.status, method).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await other.json("/api/generations/00000000-0000-4000-8000-000000000000/favourite", { method: "PUT" })).status).toBe(404);
    expect((await other.json("/api/generations/not-an-id/favourite", { method: "PUT" })).status).toBe(404);
    expect((await list("favourites=true", other)).items).toEqual([]);
    expect(await idsOf("favourites=true")).toEqual([made.video.id, seeded.jan]);

    const del = await owner.json(`/api/generations/${seeded.jan}/favourite`, { method: "DELETE" });
    expect(del).toMatchObject({ status: 200, body: { favourite: false } });
    expect(await idsOf("favourites=true")).toEqual([made.video.id]);
    expect(await idsOf("favourites=false&q=january")).toEqual([seeded.jan]);
  });

  it("shows a succeeded job's one charge, and a failed job's charge and refund with why", async () => {
    const kept = await owner.json(`/api/generations/${made.lighthouse.id}/ledger`);
    expect(kept.status).toBe(200);
    expect(kept.body.rows).toEqual([{ delta: -5, reason: "reserve", balanceAfter: expect.any(Number), createdAt: expect.any(String), note: null }]);

    const failed = await owner.json(`/api/generations/${made.failed.id}/ledger`);
    expect(failed.status).toBe(200);
    const [charge, refund, ...rest] = failed.body.rows;
    expect(rest).toEqual([]);
    expect(charge).toMatchObject({ delta: -5, reason: "reserve", note: null });
    expect(refund).toMatchObject({ delta: 5, reason: "refund", balanceAfter: charge.balanceAfter + 5 });
    expect(made.failed.error?.message).toBeTruthy();
    expect(refund.note).toBe(made.failed.error!.message);

    const video = await owner.json(`/api/generations/${made.video.id}/ledger`);
    expect(video.body.rows).toEqual([expect.objectContaining({ delta: -8, reason: "reserve" })]);

    const theirs = await other.json(`/api/generations/${made.failed.id}/ledger`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("not_found");
    expect((await other.json("/api/generations/not-an-id/ledger")).status).toBe(404);
  });

  it("answers 400 to bad query parameters, saying what it takes, and changes nothing", async () => {
    const before = await balanceOf(owner);
    const favouritesBefore = await idsOf("favourites=true");
    const cases: [string, RegExp][] = [
      ["limit=0", /limit is a whole number from 1 to 100/],
      ["limit=lots", /limit/],
      ["limit=1000", /limit/],
      ["kind=audio", /kind is one of image, video, director, chat, text/],
      ["status=done", /status is one of queued, running, succeeded, failed/],
      ["model=nope", /model is the id of a model/],
      ["kind=image&model=kling-3.0", /kling-3.0 makes video, not image/],
      ["from=2026-02-30", /from is a date written YYYY-MM-DD/],
      ["to=yesterday", /to is a date written YYYY-MM-DD/],
      ["from=2026-03-02&to=2026-03-01", /to is a date on or after from/],
      ["tz=Mars/Olympus", /IANA time zone/],
      [`q=${"x".repeat(201)}`, /at most 200 characters/],
      ["favourites=maybe", /favourites is true or false/],
      ["stauts=failed", /Unknown query parameter "stauts"/],
      ["kind=image&kind=video", /"kind" is given more than once/],
      ["cursor=garbage", /cursor is not valid/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await owner.json(`/api/generations?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code, query).toBe("invalid_request");
      expect(body.error.message, query).toMatch(message);
    }
    expect(await balanceOf(owner)).toBe(before);
    expect(await idsOf("favourites=true")).toEqual(favouritesBefore);
  });

  it("asks sign-in of anyone who is not signed in", async () => {
    for (const [method, url] of [
      ["GET", "/api/generations?kind=all"],
      ["PUT", `/api/generations/${made.video.id}/favourite`],
      ["GET", `/api/generations/${made.video.id}/ledger`],
    ]) {
      const res = await fetch(`${app.url}${url}`, { method });
      expect(res.status, `${method} ${url}`).toBe(401);
    }
  });
});
