// production_figures reads rollups that triggers keep beside generations; these tests hold it to
// the same figures counted straight from the generations, after seeding, after late changes and
// under concurrent writers, on every backend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeGeneration, failGeneration, markGenerationRunning } from "../../lib/db/functions/generations";
import { InvalidPeriodError, productionFigures, type ProductionFigures } from "../../lib/db/functions/reports";
import { sqlStateOf } from "../../lib/db/sql-state-of";
import type { SqlDb } from "../../lib/db/types";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { createUser, reserve } from "./money";

// Seeded histories lie in the future: other test files and apps under test sweep stale open jobs
// from the shared database, and a seeded queued or running job must stay as it was written.
type Seed = {
  userId: string;
  kind: string;
  model: string;
  price: number;
  status: "queued" | "running" | "succeeded" | "failed";
  refunded?: boolean;
  /** A failed job the user cancelled (its error code is "cancelled"). */
  cancelled?: boolean;
  /** A timestamp PostgreSQL reads, to the microsecond: "2095-03-01 00:00:00.000001+00". */
  createdAt: string;
  /** Milliseconds from creation to finish; required for succeeded and failed. */
  latencyMs?: number;
};

const MODELS = [
  { kind: "image", model: "flux-schnell", price: 5, seconds: 12 },
  { kind: "image", model: "dall-e-3", price: 15, seconds: 45 },
  { kind: "video", model: "kling-3.0", price: 15, seconds: 300 },
  { kind: "chat", model: "assistant", price: 2, seconds: 9 },
  { kind: "text", model: "marketing-kit", price: 4, seconds: 30 },
  { kind: "director", model: "higgsfield-soul", price: 120, seconds: 900 },
] as const;

/** A small deterministic generator, so a failure can be replayed. */
function randomFrom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` generations of `userId` spread over `days` UTC days from `firstDay`, of every model and state. */
function historyOf(userId: string, firstDay: string, days: number, count: number, seed: number): Seed[] {
  const random = randomFrom(seed);
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  return Array.from({ length: count }, (): Seed => {
    // Uneven weights, so models and days have different counts (and orders are tested).
    const m = MODELS[Math.min(MODELS.length - 1, Math.floor(random() ** 1.6 * MODELS.length))];
    const at = new Date(start + Math.floor(random() * days * 86_400_000));
    const r = random();
    const status = r < 0.7 ? "succeeded" : r < 0.88 ? "failed" : r < 0.94 ? "running" : "queued";
    return {
      userId,
      kind: m.kind,
      model: m.model,
      price: m.price,
      status,
      refunded: status === "failed" && r < 0.85,
      cancelled: status === "failed" && r < 0.73,
      createdAt: at.toISOString().replace("T", " ").replace("Z", "+00"),
      latencyMs: status === "succeeded" || status === "failed" ? Math.floor(random() * m.seconds * 1000) : undefined,
    };
  });
}

async function insertGenerations(sql: SqlDb, rows: Seed[]): Promise<string[]> {
  const inserted = await sql.query<{ id: string }>(
    `insert into generations (user_id, kind, model, provider, prompt, price, status, refunded, error, timeout_seconds,
                              created_at, finished_at)
     select r.user_id, r.kind, r.model, 'test', 'figures', r.price, r.status, coalesce(r.refunded, false),
            case when r.status <> 'failed' then null
                 when r.cancelled then '{"code": "cancelled"}'::jsonb
                 else '{"code": "provider_error"}'::jsonb end,
            600, r.created_at, r.created_at + r.latency_ms * interval '1 millisecond'
       from rows from (jsonb_to_recordset($1::text::jsonb)
              as (user_id text, kind text, model text, price integer, status text, refunded boolean, cancelled boolean,
                  created_at timestamptz, latency_ms bigint)) with ordinality
            as r(user_id, kind, model, price, status, refunded, cancelled, created_at, latency_ms, position)
      order by r.position
     returning id`,
    [JSON.stringify(rows.map((r) => ({ user_id: r.userId, kind: r.kind, model: r.model, price: r.price, status: r.status, refunded: r.refunded, cancelled: r.cancelled ?? false, created_at: r.createdAt, latency_ms: r.latencyMs ?? null })))],
  );
  return inserted.map((r) => r.id);
}

// A cancellation is a failed row with the error code "cancelled": counted apart, and not a failure.
const CANCELLED = "status = 'failed' and error->>'code' is not distinct from 'cancelled'";
const FAILED = `status = 'failed' and error->>'code' is distinct from 'cancelled'`;

/** The figures counted from the generations themselves, with no rollup involved. */
async function truthOf(sql: SqlDb, userId: string, from: string, to: string): Promise<ProductionFigures> {
  const period = `from generations
     where user_id = $1
       and created_at >= $2::date::timestamp at time zone 'UTC'
       and created_at < ($3::date + 1)::timestamp at time zone 'UTC'`;
  const args = [userId, from, to];
  const rate = `coalesce(round(count(*) filter (where status = 'succeeded')::numeric / nullif(count(*) filter (where status = 'succeeded' or (${FAILED})), 0), 4), 0)::float8`;
  const [totals] = await sql.query<ProductionFigures["totals"]>(
    `select count(*)::int as generations,
            count(*) filter (where status = 'succeeded')::int as succeeded,
            count(*) filter (where ${FAILED})::int as failed,
            count(*) filter (where ${CANCELLED})::int as cancelled,
            count(*) filter (where status in ('queued', 'running'))::int as open,
            ${rate} as "successRate",
            coalesce(sum(price) filter (where status = 'succeeded'), 0)::int as "creditsSpent",
            coalesce(sum(price) filter (where refunded), 0)::int as "creditsRefunded"
     ${period}`,
    args,
  );
  const byKind = await sql.query<ProductionFigures["byKind"][number]>(
    `select kind, count(*)::int as generations,
            count(*) filter (where status = 'succeeded')::int as succeeded,
            count(*) filter (where ${FAILED})::int as failed,
            count(*) filter (where ${CANCELLED})::int as cancelled,
            coalesce(sum(price) filter (where status = 'succeeded'), 0)::int as "creditsSpent"
     ${period}
     group by kind
     order by count(*) desc, kind collate "C"`,
    args,
  );
  const byModel = await sql.query<ProductionFigures["byModel"][number]>(
    `select model, kind, count(*)::int as generations,
            count(*) filter (where status = 'succeeded')::int as succeeded,
            count(*) filter (where ${FAILED})::int as failed,
            count(*) filter (where ${CANCELLED})::int as cancelled,
            ${rate} as "successRate",
            coalesce(sum(price) filter (where status = 'succeeded'), 0)::int as "creditsSpent",
            coalesce(sum(price) filter (where refunded), 0)::int as "creditsRefunded",
            (percentile_disc(0.5) within group (order by floor(extract(epoch from finished_at - created_at)))
               filter (where status = 'succeeded'))::int as "latencyP50Seconds",
            (percentile_disc(0.95) within group (order by floor(extract(epoch from finished_at - created_at)))
               filter (where status = 'succeeded'))::int as "latencyP95Seconds"
     ${period}
     group by model, kind
     order by count(*) desc, model collate "C", kind collate "C"`,
    args,
  );
  const days = await sql.query<{ day: string; generations: number; creditsSpent: number }>(
    `select to_char((created_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(*)::int as generations,
            coalesce(sum(price) filter (where status = 'succeeded'), 0)::int as "creditsSpent"
     ${period}
     group by 1
     order by 1`,
    args,
  );
  const busiestDays = [...days]
    .sort((a, b) => b.generations - a.generations || (a.day < b.day ? -1 : 1))
    .slice(0, 5)
    .map(({ day, generations }) => ({ day, generations }));
  return { from, to, totals, byKind, byModel, busiestDays, spendTrend: days.map(({ day, creditsSpent }) => ({ day, creditsSpent })) };
}

/** Today's UTC date, the day a generation made now is counted on. */
async function todayOf(sql: SqlDb) {
  const [{ today }] = await sql.query<{ today: string }>("select to_char((now() at time zone 'UTC')::date, 'YYYY-MM-DD') as today");
  return today;
}

describe.each(backendFactories())("production figures on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it("counts exactly what the generations say, for the period and the user asked about only", async () => {
    const userId = uniqueUserId("figures");
    const otherId = uniqueUserId("figures-other");
    await createUser(b.db, userId);
    await createUser(b.db, otherId);
    const edges: Seed[] = [
      // Just outside the period on either side, and its very first and last microsecond.
      { userId, kind: "image", model: "flux-schnell", price: 5, status: "succeeded", createdAt: "2095-02-28 23:59:59.999999+00", latencyMs: 3000 },
      { userId, kind: "video", model: "kling-3.0", price: 15, status: "failed", refunded: true, createdAt: "2095-03-11 00:00:00+00", latencyMs: 1000 },
      { userId, kind: "image", model: "flux-schnell", price: 5, status: "succeeded", createdAt: "2095-03-01 00:00:00+00", latencyMs: 4999 },
      { userId, kind: "image", model: "flux-schnell", price: 5, status: "succeeded", createdAt: "2095-03-10 23:59:59.999999+00", latencyMs: 5000 },
      // Created late in the evening in New York, already the next UTC day.
      { userId, kind: "chat", model: "assistant", price: 2, status: "succeeded", createdAt: "2095-03-05 21:30:00-05", latencyMs: 800 },
    ];
    await insertGenerations(b.sql, [
      ...historyOf(userId, "2095-02-25", 20, 400, 7),
      ...edges,
      ...historyOf(otherId, "2095-03-01", 10, 150, 11),
    ]);

    const figures = await productionFigures(b.db, { userId, from: "2095-03-01", to: "2095-03-10" });
    const truth = await truthOf(b.sql, userId, "2095-03-01", "2095-03-10");
    expect(figures).toEqual(truth);
    // The seed is varied enough to mean something.
    expect(truth.byModel.length).toBe(MODELS.length);
    expect(truth.totals.succeeded * truth.totals.failed * truth.totals.cancelled * truth.totals.open * truth.totals.creditsRefunded).toBeGreaterThan(0);
    expect(truth.busiestDays).toHaveLength(5);
    expect(truth.spendTrend).toHaveLength(10);

    // One day, days around a month's end, whole months, and whole months with days on either side
    // (read from the monthly histogram and the daily one together).
    for (const [from, to] of [
      ["2095-03-05", "2095-03-05"],
      ["2095-02-27", "2095-03-02"],
      ["2095-02-01", "2095-03-31"],
      ["2095-02-26", "2095-03-31"],
      ["2095-02-01", "2095-03-07"],
      ["2095-01-15", "2095-04-10"],
      ["2095-03-11", "2095-03-11"],
    ]) {
      expect(await productionFigures(b.db, { userId, from, to })).toEqual(await truthOf(b.sql, userId, from, to));
    }
    expect(await productionFigures(b.db, { userId: otherId, from: "2095-03-01", to: "2095-03-10" })).toEqual(
      await truthOf(b.sql, otherId, "2095-03-01", "2095-03-10"),
    );
  });

  it("reflects late changes: a job that succeeds later, a failure refunded later, a corrected time, a row removed", async () => {
    const userId = uniqueUserId("figures-late");
    await createUser(b.db, userId, 200);
    const [queued, failed, succeeded] = await insertGenerations(b.sql, [
      { userId, kind: "video", model: "kling-3.0", price: 15, status: "queued", createdAt: "2095-04-02 10:00:00+00" },
      { userId, kind: "video", model: "kling-3.0", price: 15, status: "failed", refunded: false, createdAt: "2095-04-02 11:00:00+00", latencyMs: 2000 },
      { userId, kind: "image", model: "dall-e-3", price: 15, status: "succeeded", createdAt: "2095-04-03 09:00:00+00", latencyMs: 7000 },
    ]);
    // The whole month (the monthly histogram) and days within it (the daily one).
    const check = async (from = "2095-04-01", to = "2095-04-30") => {
      expect(await productionFigures(b.db, { userId, from, to })).toEqual(await truthOf(b.sql, userId, from, to));
      if (from === "2095-04-01") await check("2095-04-02", "2095-04-03");
    };

    await check();
    await b.sql.query("update generations set status = 'running', started_at = created_at where id = $1", [queued]);
    await check();
    await b.sql.query("update generations set status = 'succeeded', finished_at = created_at + interval '95.5 seconds' where id = $1", [queued]);
    await b.sql.query("update generations set refunded = true where id = $1", [failed]);
    await check();
    // A finish time corrected after the fact moves the latency too.
    await b.sql.query("update generations set finished_at = created_at + interval '61 seconds' where id = $1", [succeeded]);
    await check();
    const after = await productionFigures(b.db, { userId, from: "2095-04-01", to: "2095-04-30" });
    expect(after.totals).toMatchObject({ generations: 3, succeeded: 2, failed: 1, open: 0, creditsSpent: 30, creditsRefunded: 15 });
    expect(after.byModel.find((m) => m.model === "kling-3.0")).toMatchObject({ latencyP50Seconds: 95, latencyP95Seconds: 95 });
    expect(after.byModel.find((m) => m.model === "dall-e-3")).toMatchObject({ latencyP50Seconds: 61 });

    // A creation time moved to another day, or into another month, takes the generation's share along.
    await b.sql.query("update generations set created_at = created_at - interval '1 day', finished_at = finished_at - interval '1 day' where id = $1", [succeeded]);
    await b.sql.query("update generations set created_at = '2095-03-31 23:00:00+00' where id = $1", [failed]);
    await check();
    await check("2095-03-01", "2095-04-30");
    await check("2095-03-31", "2095-04-02");

    // Through the generation functions, on today's row: reserve, run, complete; reserve, fail; a
    // reservation refused for its price (nothing written); and a generation row removed.
    const today = await todayOf(b.sql);
    const kept = (await reserve(b.db, userId, { price: 7 })).generation!;
    await markGenerationRunning(b.db, kept.id, "job-kept");
    await completeGeneration(b.db, kept.id, []);
    const lost = (await reserve(b.db, userId, { price: 9 })).generation!;
    await failGeneration(b.db, lost.id, { code: "provider_error" });
    expect((await reserve(b.db, userId, { price: 10_000 })).code).toBe("insufficient_credits");
    const open = (await reserve(b.db, userId, { price: 3 })).generation!;
    // A job the user cancels is refunded through the same failure, and counted apart from failures.
    const dropped = (await reserve(b.db, userId, { price: 4 })).generation!;
    await failGeneration(b.db, dropped.id, { code: "cancelled", message: "You cancelled this job." });
    await check(today, today);
    const figures = await productionFigures(b.db, { userId, from: today, to: today });
    expect(figures.totals).toMatchObject({ generations: 4, succeeded: 1, failed: 1, cancelled: 1, open: 1, successRate: 0.5, creditsSpent: 7, creditsRefunded: 13 });
    // An error rewritten alone (a repair) moves the job between failed and cancelled.
    await b.sql.query(`update generations set error = '{"code": "provider_error"}' where id = $1`, [dropped.id]);
    await check(today, today);
    expect((await productionFigures(b.db, { userId, from: today, to: today })).totals).toMatchObject({ failed: 2, cancelled: 0 });
    await b.sql.query("delete from generations where id = $1", [open.id]);
    await check(today, today);
  });

  it("stays equal to the generations under concurrent status changes from many connections", async () => {
    const userId = uniqueUserId("figures-race");
    await createUser(b.db, userId, 100_000);
    const models = MODELS.slice(0, 3);
    const jobs: { id: string; model: string }[] = [];
    for (let i = 0; i < 120; i++) {
      const m = models[i % models.length];
      const result = await reserve(b.db, userId, { kind: m.kind, model: m.model, price: m.price, maxInFlight: 1000 });
      jobs.push({ id: result.generation!.id, model: m.model });
    }
    // Every job finished at once, most of them twice (success racing failure), as webhooks and polls do.
    await Promise.all(
      jobs.flatMap(({ id }, i) => [
        i % 3 === 0 ? failGeneration(b.db, id, { code: i % 2 ? "timeout" : "cancelled" }) : completeGeneration(b.db, id, []),
        i % 2 === 0 ? failGeneration(b.db, id, { code: "provider_error" }) : markGenerationRunning(b.db, id, `job-${i}`),
      ]),
    );
    const today = await todayOf(b.sql);
    const truth = await truthOf(b.sql, userId, today, today);
    expect(truth.totals.generations).toBe(120);
    expect(truth.totals.open).toBe(0);
    expect(truth.totals.cancelled).toBeGreaterThan(0);
    expect(await productionFigures(b.db, { userId, from: today, to: today })).toEqual(truth);
  });

  it("never deadlocks when transactions finish one user's jobs of two models in crossing orders", async () => {
    const userId = uniqueUserId("figures-cross");
    await createUser(b.db, userId, 100_000);
    const pairs: [string, string][] = [];
    for (let i = 0; i < 24; i++) {
      const image = (await reserve(b.db, userId, { kind: "image", model: "flux-schnell", price: 1 })).generation!.id;
      const video = (await reserve(b.db, userId, { kind: "video", model: "kling-3.0", price: 1 })).generation!.id;
      pairs.push(i % 2 === 0 ? [image, video] : [video, image]);
    }
    // Each transaction fails two jobs, as one sweep does; half take the image bucket first, half the video one.
    await Promise.all(
      pairs.map(([first, second]) =>
        b.sql.transaction(async (query) => {
          await query("select fail_generation($1::uuid, '{}'::jsonb)", [first]);
          await new Promise((r) => setTimeout(r, 5));
          await query("select fail_generation($1::uuid, '{}'::jsonb)", [second]);
        }),
      ),
    );
    const today = await todayOf(b.sql);
    const figures = await productionFigures(b.db, { userId, from: today, to: today });
    expect(figures).toEqual(await truthOf(b.sql, userId, today, today));
    expect(figures.totals).toMatchObject({ generations: 48, failed: 48, creditsRefunded: 48 });
  });

  it("agrees with a rebuild from the generations, the backfill the migration ran", async () => {
    const userId = uniqueUserId("figures-rebuild");
    await createUser(b.db, userId);
    await insertGenerations(b.sql, historyOf(userId, "2095-05-01", 5, 80, 3));
    const periods = [["2095-05-01", "2095-05-05"], ["2095-05-01", "2095-05-31"]] as const;
    const before = await Promise.all(periods.map(([from, to]) => productionFigures(b.db, { userId, from, to })));
    await b.sql.query("select rebuild_generation_figures()");
    const after = await Promise.all(periods.map(([from, to]) => productionFigures(b.db, { userId, from, to })));
    expect(after).toEqual(before);
    expect(before).toEqual(await Promise.all(periods.map(([from, to]) => truthOf(b.sql, userId, from, to))));
  });

  it("gives zero totals and empty lists for a period without generations", async () => {
    const userId = uniqueUserId("figures-empty");
    await createUser(b.db, userId);
    await insertGenerations(b.sql, historyOf(userId, "2095-06-10", 3, 20, 5));
    const figures = await productionFigures(b.db, { userId, from: "2095-06-01", to: "2095-06-09" });
    expect(figures).toEqual({
      from: "2095-06-01",
      to: "2095-06-09",
      totals: { generations: 0, succeeded: 0, failed: 0, cancelled: 0, open: 0, successRate: 0, creditsSpent: 0, creditsRefunded: 0 },
      byKind: [],
      byModel: [],
      busiestDays: [],
      spendTrend: [],
    });
    expect(figures).toEqual(await truthOf(b.sql, userId, "2095-06-01", "2095-06-09"));
  });

  it("refuses a period that ends before it starts or spans more than 366 days, with NXR01", async () => {
    const userId = uniqueUserId("figures-period");
    const refusal = async (from: string, to: string) => {
      const error = await productionFigures(b.db, { userId, from, to }).then(() => null, (e: unknown) => e);
      return { invalidPeriod: error instanceof InvalidPeriodError, sqlState: sqlStateOf(error) };
    };
    expect(await refusal("2095-03-10", "2095-03-09")).toEqual({ invalidPeriod: true, sqlState: "NXR01" });
    expect(await refusal("2028-01-01", "2029-01-01")).toEqual({ invalidPeriod: true, sqlState: "NXR01" });
    // A leap year is 366 days, and may be asked for.
    expect((await productionFigures(b.db, { userId, from: "2028-01-01", to: "2028-12-31" })).totals.generations).toBe(0);
  });

  it("refuses the figures and their tables to anon and authenticated", async () => {
    for (const role of ["anon", "authenticated"]) {
      for (const statement of [
        "select production_figures('x', '2095-01-01', '2095-01-31')",
        "select rebuild_generation_figures()",
        "select * from generation_daily_figures",
        "update generation_daily_latencies set generations = 0",
        "delete from generation_monthly_latencies",
      ]) {
        const outcome = await b.sql
          .transaction(async (query) => {
            await query(`set local role ${role}`);
            await query(statement);
            return "allowed";
          })
          .catch((error: unknown) => sqlStateOf(error));
        expect(outcome, `${role}: ${statement}`).toBe("42501");
      }
    }
  });
});
