import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionUser } from "../../lib/db/functions/credits";
import { failGeneration } from "../../lib/db/functions/generations";
import { getGenerationLedger, listHistory, setGenerationFavourite, type HistoryFilters } from "../../lib/db/functions/history";
import { reserve } from "../db/money";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";

type Seed = { kind?: string; model?: string; prompt: string; status?: string; at: string };

/** Inserts finished (or open) rows at the given times, as the history SQL would find them. */
async function insertRows(b: Backend, userId: string, rows: Seed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const status = r.status ?? "succeeded";
    const [row] = await b.sql.query<{ id: string }>(
      `insert into generations (user_id, kind, model, provider, prompt, price, timeout_seconds, status, refunded, created_at, finished_at)
       values ($1, $2, $3, 'replicate', $4, 5, 600, $5, $5 = 'failed', $6::text::timestamptz,
               case when $5 in ('succeeded', 'failed') then $6::text::timestamptz end)
       returning id`,
      [userId, r.kind ?? "image", r.model ?? "flux-schnell", r.prompt, status, r.at],
    );
    ids.push(row.id);
  }
  return ids;
}

/** Every page of a filtered list, followed by its cursors. */
async function allPages(b: Backend, userId: string, filters: HistoryFilters, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await listHistory(b.db, { userId, limit, cursor, ...filters });
    if (page.code !== "ok") throw new Error(`list_history answered ${page.code}`);
    seen.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

// The SQL behind the History page, on every backend: each filter, their combination, literal
// search, paging that stays exact under filters, favourites of one's own only, a job's ledger.
describe.each(backendFactories())("history queries on $name", ({ open }) => {
  let b: Backend;
  let owner: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    b = await open();
    owner = uniqueUserId("hist");
    await provisionUser(b.db, { userId: owner, starterCredits: 15 });
    const seeds: (Seed & { name: string })[] = [
      { name: "jan", prompt: "a lighthouse in January", at: "2026-01-10T12:00:00Z" },
      { name: "feb", kind: "video", model: "kling-3.0", prompt: "waves in February", at: "2026-02-15T08:00:00Z" },
      { name: "febFail", kind: "video", model: "kling-3.0", prompt: "a failed wave", status: "failed", at: "2026-02-16T09:00:00Z" },
      { name: "lateMarch", prompt: "100% pure_cotton, late on the 20th", at: "2026-03-20T23:30:00Z" },
      { name: "decoy", prompt: "100 percent pureXcotton", at: "2026-03-21T10:00:00Z" },
      { name: "slash", prompt: "a back\\slash and LIGHTHOUSE", model: "gpt-image-flare", at: "2026-03-22T10:00:00Z" },
      { name: "chat", kind: "chat", model: "assistant", prompt: "hello lighthouse", at: "2026-03-23T10:00:00Z" },
      { name: "running", kind: "video", model: "wan-2.1-turbo", prompt: "still rendering", status: "running", at: "2026-03-24T10:00:00Z" },
      { name: "queued", prompt: "waiting in line", status: "queued", at: "2026-03-25T10:00:00Z" },
    ];
    const made = await insertRows(b, owner, seeds);
    ids = Object.fromEntries(seeds.map((s, i) => [s.name, made[i]!]));
  });
  afterAll(async () => {
    await b?.close();
  });

  const list = async (filters: HistoryFilters) => {
    const page = await listHistory(b.db, { userId: owner, limit: 100, ...filters });
    if (page.code !== "ok") throw new Error(page.code);
    return page.items.map((r) => r.id);
  };
  const named = (...names: string[]) => names.map((n) => ids[n]);

  it("filters by kind, model, status and time, each and combined, newest first", async () => {
    expect(await list({})).toEqual(named("queued", "running", "chat", "slash", "decoy", "lateMarch", "febFail", "feb", "jan"));
    expect(await list({ kinds: ["video"] })).toEqual(named("running", "febFail", "feb"));
    expect(await list({ kinds: ["image", "video", "director"] })).not.toContain(ids.chat);
    expect(await list({ model: "gpt-image-flare" })).toEqual(named("slash"));
    expect(await list({ status: "failed" })).toEqual(named("febFail"));
    expect(await list({ status: "running" })).toEqual(named("running"));
    expect(await list({ status: "queued" })).toEqual(named("queued"));
    expect(await list({ from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" })).toEqual(named("febFail", "feb"));
    // The end is exclusive, the start inclusive.
    expect(await list({ from: "2026-02-15T08:00:00Z", to: "2026-02-16T09:00:00Z" })).toEqual(named("feb"));
    expect(await list({ kinds: ["video"], model: "kling-3.0", status: "succeeded", from: "2026-02-01T00:00:00Z" })).toEqual(named("feb"));
    expect(await list({ kinds: ["image"], search: "lighthouse", to: "2026-03-01T00:00:00Z" })).toEqual(named("jan"));
  });

  it("searches prompts case-insensitively, taking %, _ and \\ literally", async () => {
    expect(await list({ search: "LightHouse" })).toEqual(named("chat", "slash", "jan"));
    expect(await list({ search: "100%" })).toEqual(named("lateMarch"));
    expect(await list({ search: "pure_cotton" })).toEqual(named("lateMarch"));
    expect(await list({ search: "%" })).toEqual(named("lateMarch"));
    expect(await list({ search: "_" })).toEqual(named("lateMarch"));
    expect(await list({ search: "back\\slash" })).toEqual(named("slash"));
    expect(await list({ search: "\\" })).toEqual(named("slash"));
    expect(await list({ search: "nothing like this" })).toEqual([]);
  });

  it("marks favourites for their owner only, and lists them alone on request", async () => {
    expect(await setGenerationFavourite(b.db, owner, ids.feb, true)).toEqual({ code: "ok", favourite: true });
    expect(await setGenerationFavourite(b.db, owner, ids.feb, true)).toEqual({ code: "ok", favourite: true });
    expect(await setGenerationFavourite(b.db, owner, ids.jan, true)).toEqual({ code: "ok", favourite: true });
    const stranger = uniqueUserId("stranger");
    await provisionUser(b.db, { userId: stranger, starterCredits: 15 });
    expect(await setGenerationFavourite(b.db, stranger, ids.decoy, true)).toEqual({ code: "not_found" });
    expect(await setGenerationFavourite(b.db, stranger, ids.jan, false)).toEqual({ code: "not_found" });
    expect(await setGenerationFavourite(b.db, owner, "00000000-0000-4000-8000-000000000000", true)).toEqual({ code: "not_found" });

    expect(await list({ favourites: true })).toEqual(named("feb", "jan"));
    expect(await list({ favourites: true, kinds: ["video"] })).toEqual(named("feb"));
    const page = await listHistory(b.db, { userId: owner, limit: 100 });
    if (page.code !== "ok") throw new Error(page.code);
    const flags = Object.fromEntries(page.items.map((r) => [r.id, r.favourite]));
    expect(flags[ids.feb]).toBe(true);
    expect(flags[ids.decoy]).toBe(false);

    expect(await setGenerationFavourite(b.db, owner, ids.jan, false)).toEqual({ code: "ok", favourite: false });
    expect(await list({ favourites: true })).toEqual(named("feb"));
    // The stranger's own history stays empty; the owner's favourite is untouched by them.
    expect((await listHistory(b.db, { userId: stranger, limit: 100, favourites: true })).code).toBe("ok");
    expect(await list({ favourites: true, search: "waves" })).toEqual(named("feb"));
  });

  it("returns each filtered row of 300 made inside one millisecond exactly once, in order, 7 a page", async () => {
    const user = uniqueUserId("burst");
    await provisionUser(b.db, { userId: user, starterCredits: 0 });
    // 150 distinct microseconds inside one millisecond, 50 rows sharing a time with another; every
    // third row a video and every fifth without the searched word, so filters thin each page.
    await b.sql.query(
      `insert into generations (user_id, kind, model, provider, prompt, price, timeout_seconds, status, created_at, finished_at)
       select $1, case when i % 3 = 0 then 'video' else 'image' end, 'flux-schnell', 'replicate',
              case when i % 5 = 0 then 'other ' || i else 'Burst ' || i end, 1, 60, 'succeeded', t, t
         from generate_series(0, 299) i,
              lateral (select '2026-12-02T10:00:00.123Z'::text::timestamptz + (i % 150) * interval '1 microsecond' as t) at`,
      [user],
    );
    const expected = (
      await b.sql.query<{ id: string }>(
        `select id from generations where user_id = $1 and kind = 'image' and prompt ilike '%burst%'
          order by created_at desc, id desc`,
        [user],
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(150);
    expect(await allPages(b, user, { kinds: ["image"], search: "burst" }, 7)).toEqual(expected);
    expect(await allPages(b, user, { kinds: ["image"], search: "burst" }, expected.length)).toEqual(expected);
    const favourite = expected.filter((_, i) => i % 4 === 0);
    for (const id of favourite) await setGenerationFavourite(b.db, user, id, true);
    expect(await allPages(b, user, { kinds: ["image"], search: "burst", favourites: true }, 3)).toEqual(favourite);
  });

  it("answers invalid_cursor to a cursor it did not write", async () => {
    for (const cursor of ["garbage", "2026-13-45T10:00:00.000000|00000000-0000-0000-0000-000000000000"]) {
      expect(await listHistory(b.db, { userId: owner, limit: 5, cursor, kinds: ["image"] }), cursor).toEqual({ code: "invalid_cursor" });
    }
  });

  it("lists a generation's reservation and its one refund, for its owner alone", async () => {
    const user = uniqueUserId("ledger");
    await provisionUser(b.db, { userId: user, starterCredits: 15 });
    const kept = await reserve(b.db, user, { price: 5 });
    const failed = await reserve(b.db, user, { price: 5 });
    const error = { code: "provider_failed", message: "The provider said no." };
    expect((await failGeneration(b.db, failed.generation!.id, error)).code).toBe("refunded");
    expect((await failGeneration(b.db, failed.generation!.id, error)).code).toBe("already_finished");

    const keptLedger = await getGenerationLedger(b.db, user, kept.generation!.id);
    expect(keptLedger).toMatchObject({ code: "ok", rows: [{ delta: -5, reason: "reserve", balanceAfter: 10, note: null }] });
    const failedLedger = await getGenerationLedger(b.db, user, failed.generation!.id);
    expect(failedLedger).toMatchObject({
      code: "ok",
      status: "failed",
      error,
      rows: [
        { delta: -5, reason: "reserve", balanceAfter: 5 },
        { delta: 5, reason: "refund", balanceAfter: 10 },
      ],
    });
    if (failedLedger.code === "ok") expect(typeof failedLedger.rows[0]!.createdAt).toBe("string");
    expect(await getGenerationLedger(b.db, owner, failed.generation!.id)).toEqual({ code: "not_found" });
  });

  it("keeps favourites and the new functions from anon and authenticated", async () => {
    for (const role of ["anon", "authenticated"]) {
      for (const statement of [
        "select list_history('x')",
        "select set_generation_favourite('x', gen_random_uuid(), true)",
        "select get_generation_ledger('x', gen_random_uuid())",
        "select * from generation_favourites",
        "insert into generation_favourites (user_id, generation_id) values ('x', gen_random_uuid())",
      ]) {
        const outcome = await b.sql
          .transaction(async (query) => {
            await query(`set local role ${role}`);
            await query(statement);
            return "allowed";
          })
          .catch((error: { cause?: { code?: string }; code?: string }) => error.code ?? error.cause?.code);
        expect(outcome, `${role}: ${statement}`).toBe("42501");
      }
    }
  });
});
