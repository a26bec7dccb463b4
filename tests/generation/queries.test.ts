import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionUser } from "../../lib/db/functions/credits";
import {
  claimGenerationFinish,
  claimGenerationPoll,
  completeGeneration,
  failGeneration,
  findGenerationByProviderJob,
  getGeneration,
  listGenerations as listGenerationRows,
  listGenerationsToRefresh,
  markGenerationRunning,
  releaseGenerationFinish,
} from "../../lib/db/functions/generations";
import { listHistory } from "../../lib/history/list-history";
import { readHistoryQuery } from "../../lib/history/schema";
import { reserve as reserveWith } from "../db/money";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";

type Row = { id: string; status: string; created_at: string; polled_at: string | null; finishing_until: string | null };

async function reserve(b: Backend, userId: string, prompt = "x") {
  const result = await reserveWith(b.db, userId, { prompt: prompt, params: {}, price: 1, maxInFlight: 100, timeoutSeconds: 60 });
  expect(result.code).toBe("ok");
  return result.generation as unknown as Row;
}

// The SQL behind history, status, webhooks and the finish-once guarantee, on every backend.
describe.each(backendFactories())("generation queries on $name", ({ open }) => {
  let b: Backend;
  let userId: string;
  beforeAll(async () => {
    b = await open();
    userId = uniqueUserId("genq");
    await provisionUser(b.db, { userId, starterCredits: 15 });
  });
  afterAll(async () => {
    await b?.close();
  });

  it("scopes get_generation to its owner", async () => {
    const g = await reserve(b, userId);
    expect((await getGeneration(b.db, userId, g.id))?.id).toBe(g.id);
    expect(await getGeneration(b.db, "someone-else", g.id)).toBeNull();
  });

  it("pages history newest first with the cursor each page hands back", async () => {
    const owner = uniqueUserId("page");
    await provisionUser(b.db, { userId: owner, starterCredits: 15 });
    const made: Row[] = [];
    for (let i = 0; i < 5; i++) made.push(await reserve(b, owner, `p${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listGenerationRows(b.db, { userId: owner, limit: 2, cursor: cursor ?? undefined });
      if (page.code !== "ok") throw new Error(`list_generations answered ${page.code}`);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = [...made].sort((x, y) => (x.created_at === y.created_at ? (x.id < y.id ? 1 : -1) : x.created_at < y.created_at ? 1 : -1));
    expect(seen).toEqual(expected.map((r) => r.id));
  });

  it("returns each of 200 generations made inside one millisecond exactly once, in order, 7 a page (20 runs)", async () => {
    for (let run = 0; run < 20; run++) {
      const owner = uniqueUserId("burst");
      await provisionUser(b.db, { userId: owner, starterCredits: 0 });
      // 150 distinct microseconds inside one millisecond, the last 50 rows sharing a time with
      // another row, so both the time and the id tie-break are exercised.
      const base = new Date(Date.UTC(2026, 11, 2, 10, 0, 0, run * 7)).toISOString();
      await b.sql.query(
        `insert into generations (user_id, kind, model, provider, prompt, price, timeout_seconds, status, created_at, finished_at)
         select $1, 'image', 'flux-schnell', 'replicate', 'burst ' || i, 1, 60, 'succeeded', t, t
           from generate_series(0, 199) i,
                lateral (select $2::text::timestamptz + (i % 150) * interval '1 microsecond' as t) at`,
        [owner, base],
      );
      const expected = (
        await b.sql.query<{ id: string }>("select id from generations where user_id = $1 order by created_at desc, id desc", [owner])
      ).map((r) => r.id);
      expect(expected).toHaveLength(200);

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 40; pages++) {
        // The history route's own path: its query, its SQL, its opaque cursor.
        const page = await listHistory(b.db, owner, readHistoryQuery(new URLSearchParams({ limit: "7", ...(cursor ? { cursor } : {}) })));
        seen.push(...page.items.map((g) => g.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen, `run ${run}`).toEqual(expected);
    }
  });

  it("answers invalid_cursor to a cursor it did not write", async () => {
    for (const cursor of ["garbage", "2026-13-45T10:00:00.000000|00000000-0000-0000-0000-000000000000", "2026-12-02T10:00:00.000000|not-a-uuid"]) {
      expect(await listGenerationRows(b.db, { userId, limit: 20, cursor }), cursor).toEqual({ code: "invalid_cursor" });
    }
    await expect(listHistory(b.db, userId, readHistoryQuery(new URLSearchParams({ limit: "5", cursor: "Z2FyYmFnZQ" })))).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("lets one poll through per interval", async () => {
    const g = await reserve(b, userId);
    const first = await claimGenerationPoll(b.db, g.id, 60);
    const second = await claimGenerationPoll(b.db, g.id, 60);
    expect([first.claimed, second.claimed]).toEqual([true, false]);
    expect((await claimGenerationPoll(b.db, g.id, 0)).claimed).toBe(true);
  });

  it("gives the finishing lease to exactly one of many concurrent finishers", async () => {
    const g = await reserve(b, userId);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => claimGenerationFinish(b.db, g.id, 60)),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    await releaseGenerationFinish(b.db, g.id);
    expect((await claimGenerationFinish(b.db, g.id, 60)).claimed).toBe(true);
    const done = await completeGeneration(b.db, g.id, [], { durable: false });
    expect(done.code).toBe("ok");
    expect((await claimGenerationFinish(b.db, g.id, 60)).claimed).toBe(false);
    expect((await failGeneration(b.db, g.id, {})).code).toBe("already_finished");
  });

  it("finds a job by its provider id, for webhooks", async () => {
    const g = await reserve(b, userId);
    const jobId = `pred_${g.id}`;
    await markGenerationRunning(b.db, g.id, jobId);
    expect((await findGenerationByProviderJob(b.db, "replicate", jobId))?.id).toBe(g.id);
    expect(await findGenerationByProviderJob(b.db, "fal", jobId)).toBeNull();
  });

  it("lists running jobs due for a refresh, not the ones just started", async () => {
    const g = await reserve(b, userId);
    await markGenerationRunning(b.db, g.id, `job_${g.id}`);
    const soon = await listGenerationsToRefresh(b.db, 3600, 500);
    expect(soon.map((r) => r.id)).not.toContain(g.id);
    const now = await listGenerationsToRefresh(b.db, 0, 500);
    expect(now.map((r) => r.id)).toContain(g.id);
  });

  it("refuses the new functions to anon and authenticated", async () => {
    for (const role of ["anon", "authenticated"]) {
      for (const statement of [
        "select get_generation('x', gen_random_uuid())",
        "select list_generations('x', 10, null, null)",
        "select claim_generation_finish(gen_random_uuid(), 60)",
        "select complete_generation_async(gen_random_uuid(), '[]'::jsonb)",
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
