import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { adjustCredits, grantPlanCredits, listLedger, provisionUser } from "../../lib/db/functions/credits";
import { completeGeneration, failGeneration, markGenerationRunning, sweepGenerations } from "../../lib/db/functions/generations";
import { createUser, reserve } from "./money";

// On a database of its own: a sweep takes the 200 oldest overdue jobs, and on the shared database
// other suites' overdue jobs can fill that batch before this suite's are reached.
describe.each(backendFactories({ ownDatabase: true }))("credit rules on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function balanceOf(userId: string) {
    const [row] = await b.sql.query<{ balance: number }>("select balance from user_credits where user_id = $1", [userId]);
    return row.balance;
  }
  async function ledgerOf(userId: string) {
    return b.sql.query<{ delta: number; reason: string; ref: string; balance_after: number }>(
      "select delta, reason, ref, balance_after from credit_ledger where user_id = $1 order by id",
      [userId],
    );
  }
  async function ledgerSum(userId: string) {
    const [row] = await b.sql.query<{ sum: number }>(
      "select coalesce(sum(delta), 0)::bigint as sum from credit_ledger where user_id = $1",
      [userId],
    );
    return row.sum;
  }

  it("grants 15 starter credits exactly once when first requests race", async () => {
    const userId = uniqueUserId("starter");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        provisionUser(b.db, { userId, email: `${userId}@example.com`, starterCredits: 15 }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.balance === 15)).toBe(true);
    expect(await balanceOf(userId)).toBe(15);
    expect((await ledgerOf(userId)).filter((l) => l.reason === "starter")).toHaveLength(1);
  });

  it("lists the ledger newest first, each reserve and refund with its generation and how it ended", async () => {
    const userId = uniqueUserId("ledger");
    await createUser(b.db, userId, 15);
    const kept = await reserve(b.db, userId, { price: 5 });
    const cancelled = await reserve(b.db, userId, { price: 5, kind: "video", model: "wan-2.1-turbo", provider: "fal" });
    await failGeneration(b.db, cancelled.generation!.id, { code: "cancelled", message: "You cancelled this job." });
    const rows = await listLedger(b.db, userId);
    expect(rows.map((r) => [r.reason, r.delta, r.balance_after])).toEqual([
      ["refund", 5, 10],
      ["reserve", -5, 5],
      ["reserve", -5, 10],
      ["starter", 15, 15],
    ]);
    expect(rows[0]!.generation).toEqual({ id: cancelled.generation!.id, kind: "video", model: "wan-2.1-turbo", status: "failed", errorCode: "cancelled" });
    expect(rows[1]!.generation?.id).toBe(cancelled.generation!.id);
    expect(rows[2]!.generation).toEqual({ id: kept.generation!.id, kind: "image", model: "flux-schnell", status: "queued", errorCode: null });
    expect(rows[3]!.generation).toBeNull();
    // Another user's ledger names none of these jobs.
    const other = uniqueUserId("ledger-other");
    await createUser(b.db, other, 15);
    expect((await listLedger(b.db, other)).map((r) => r.generation)).toEqual([null]);
  });

  it("lets exactly the affordable number of 200 racing reservations through and never oversells", async () => {
    const userId = uniqueUserId("race");
    await createUser(b.db, userId, 100);
    const results = await Promise.all(Array.from({ length: 200 }, () => reserve(b.db, userId, { price: 7 })));
    const ok = results.filter((r) => r.code === "ok");
    expect(ok).toHaveLength(14); // floor(100 / 7)
    expect(results.filter((r) => r.code === "insufficient_credits")).toHaveLength(186);
    expect(await balanceOf(userId)).toBe(2);
    expect(await ledgerSum(userId)).toBe(2);
    const ledger = await ledgerOf(userId);
    expect(Math.min(...ledger.map((l) => l.balance_after))).toBeGreaterThanOrEqual(0);
    expect(ledger.filter((l) => l.reason === "reserve")).toHaveLength(14);
  });

  it("answers 402-style insufficient_credits with price and balance and changes nothing", async () => {
    const userId = uniqueUserId("poor");
    await createUser(b.db, userId, 4);
    const result = await reserve(b.db, userId, { price: 5 });
    expect(result).toMatchObject({ code: "insufficient_credits", price: 5, balance: 4 });
    expect(await balanceOf(userId)).toBe(4);
    const [{ count }] = await b.sql.query<{ count: number }>("select count(*)::int as count from generations where user_id = $1", [userId]);
    expect(count).toBe(0);
  });

  it("refunds a failed generation exactly once, however often it is failed", async () => {
    const userId = uniqueUserId("refund");
    await createUser(b.db, userId, 15);
    const { generation } = await reserve(b.db, userId, { price: 5 });
    const fails = await Promise.all(
      Array.from({ length: 10 }, () => failGeneration(b.db, generation!.id, { code: "http" })),
    );
    expect(fails.filter((f) => f.code === "refunded")).toHaveLength(1);
    expect(fails.filter((f) => f.code === "already_finished")).toHaveLength(9);
    expect(await balanceOf(userId)).toBe(15);
    expect((await ledgerOf(userId)).filter((l) => l.reason === "refund")).toHaveLength(1);
    const complete = await completeGeneration(b.db, generation!.id, []);
    expect(complete.code).toBe("already_finished");
    const [row] = await b.sql.query<{ status: string; refunded: boolean }>("select status, refunded from generations where id = $1", [generation!.id]);
    expect(row).toEqual({ status: "failed", refunded: true });
    expect(await ledgerSum(userId)).toBe(await balanceOf(userId));
  });

  it("never refunds a generation that succeeded", async () => {
    const userId = uniqueUserId("kept");
    await createUser(b.db, userId, 15);
    const { generation } = await reserve(b.db, userId, { price: 5 });
    const [complete, fail] = await Promise.all([
      completeGeneration(b.db, generation!.id, [{ key: "x", contentType: "image/png", size: 1 }]),
      failGeneration(b.db, generation!.id, { code: "late" }),
    ]);
    expect([complete.code, fail.code].sort()).toEqual(
      complete.code === "ok" ? ["already_finished", "ok"] : ["already_finished", "refunded"],
    );
    const ledger = await ledgerOf(userId);
    expect(ledger.filter((l) => l.reason === "refund").length).toBe(complete.code === "ok" ? 0 : 1);
    expect(await ledgerSum(userId)).toBe(await balanceOf(userId));
    const again = await failGeneration(b.db, generation!.id, {});
    expect(again.code).toBe("already_finished");
  });

  it("charges a repeated idempotency key once and returns the same generation", async () => {
    const userId = uniqueUserId("idem");
    await createUser(b.db, userId, 15);
    const args = { idempotencyKey: "key-1", requestHash: "hash-a", price: 5 };
    const results = await Promise.all(Array.from({ length: 8 }, () => reserve(b.db, userId, args)));
    const ids = new Set(results.map((r) => r.generation!.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.code === "ok")).toHaveLength(1);
    expect(results.filter((r) => r.code === "existing")).toHaveLength(7);
    expect(await balanceOf(userId)).toBe(10);

    const conflict = await reserve(b.db, userId, { ...args, requestHash: "hash-b" });
    expect(conflict.code).toBe("idempotency_conflict");
    expect(await balanceOf(userId)).toBe(10);
  });

  it("keeps idempotency keys per user", async () => {
    const a = uniqueUserId("idem-a");
    const c = uniqueUserId("idem-c");
    await createUser(b.db, a);
    await createUser(b.db, c);
    const ra = await reserve(b.db, a, { idempotencyKey: "shared", requestHash: "h" });
    const rc = await reserve(b.db, c, { idempotencyKey: "shared", requestHash: "h" });
    expect(ra.code).toBe("ok");
    expect(rc.code).toBe("ok");
    expect(ra.generation!.id).not.toBe(rc.generation!.id);
  });

  it("holds each plan to its jobs-in-flight limit", async () => {
    const userId = uniqueUserId("inflight");
    await createUser(b.db, userId, 100);
    const results = await Promise.all(Array.from({ length: 6 }, () => reserve(b.db, userId, { maxInFlight: 3 })));
    expect(results.filter((r) => r.code === "ok")).toHaveLength(3);
    expect(results.filter((r) => r.code === "too_many_jobs")).toHaveLength(3);
    expect(await balanceOf(userId)).toBe(85);

    const first = results.find((r) => r.code === "ok")!.generation!;
    await completeGeneration(b.db, first.id, []);
    expect((await reserve(b.db, userId, { maxInFlight: 3 })).code).toBe("ok");
    expect((await reserve(b.db, userId, { maxInFlight: 3 })).code).toBe("too_many_jobs");
  });

  it("replenishes to the plan's credits once per invoice", async () => {
    const userId = uniqueUserId("grant");
    await createUser(b.db, userId, 15);
    const grants = await Promise.all(
      Array.from({ length: 5 }, () =>
        grantPlanCredits(b.db, { userId, target: 200, ref: "inv-1" }),
      ),
    );
    expect(grants.filter((g) => g.code === "granted")).toHaveLength(1);
    expect(grants.filter((g) => g.code === "duplicate")).toHaveLength(4);
    expect(await balanceOf(userId)).toBe(200);

    await reserve(b.db, userId, { price: 50 });
    const renewal = await grantPlanCredits(b.db, { userId, target: 200, ref: "inv-2" });
    expect(renewal).toMatchObject({ code: "granted", delta: 50 });
    expect(await balanceOf(userId)).toBe(200);

    await adjustCredits(b.db, { userId, delta: 100, reason: "goodwill" });
    const above = await grantPlanCredits(b.db, { userId, target: 200, ref: "inv-3" });
    expect(above).toMatchObject({ code: "granted", delta: 0 });
    expect(await balanceOf(userId)).toBe(300);
    expect(await ledgerSum(userId)).toBe(300);
  });

  it("refuses an adjustment without a reason or below zero, and changes nothing", async () => {
    const userId = uniqueUserId("adjust");
    await createUser(b.db, userId, 15);
    expect((await adjustCredits(b.db, { userId, delta: 10, reason: " " })).code).toBe("invalid_request");
    expect((await adjustCredits(b.db, { userId, delta: -16, reason: "correction" })).code).toBe(
      "insufficient_credits",
    );
    expect(await balanceOf(userId)).toBe(15);
    expect(await ledgerOf(userId)).toHaveLength(1);
  });

  it("answers bad reservation input with a code and writes nothing", async () => {
    const userId = uniqueUserId("bad");
    await createUser(b.db, userId, 15);
    expect((await reserve(b.db, userId, { price: -5 })).code).toBe("invalid_request");
    expect((await reserve(b.db, uniqueUserId("ghost"))).code).toBe("unknown_user");
    await expect(failGeneration(b.db, "not-a-uuid", {})).rejects.toThrow();
    expect(await balanceOf(userId)).toBe(15);
  });

  it("sweeps jobs never submitted and jobs past their timeout, refunding each once", async () => {
    const userId = uniqueUserId("sweep");
    await createUser(b.db, userId, 100);
    const stuck = (await reserve(b.db, userId, { timeoutSeconds: 1 })).generation!;
    const running = (await reserve(b.db, userId, { timeoutSeconds: 1 })).generation!;
    await markGenerationRunning(b.db, running.id, "job-1");
    const fresh = (await reserve(b.db, userId, { timeoutSeconds: 600 })).generation!;
    await markGenerationRunning(b.db, fresh.id, "job-2");
    await new Promise((r) => setTimeout(r, 1200));

    // Three sweepers at once: each job swept at most once, each refunded exactly once.
    const sweeps = await Promise.all([0, 1, 2].map(() => sweepGenerations(b.db, { queuedGraceSeconds: 600 })));
    const swept = sweeps.flatMap((s) => s.swept);
    expect(new Set(swept).size).toBe(swept.length);
    expect(swept).not.toContain(fresh.id);
    const states = await b.sql.query<{ id: string; status: string; refunded: boolean }>(
      "select id, status, refunded from generations where id = any($1::uuid[])",
      [[stuck.id, running.id, fresh.id]],
    );
    const byId = Object.fromEntries(states.map((s) => [s.id, s]));
    expect(byId[stuck.id]).toMatchObject({ status: "failed", refunded: true });
    expect(byId[running.id]).toMatchObject({ status: "failed", refunded: true });
    expect(byId[fresh.id]).toMatchObject({ status: "running", refunded: false });
    expect(await balanceOf(userId)).toBe(95);
    const refunds = (await ledgerOf(userId)).filter((l) => l.reason === "refund").map((l) => l.ref);
    expect(refunds.sort()).toEqual([stuck.id, running.id].sort());
  });

  it("lets concurrent sweepers refund many users' stale jobs without deadlocking, each job once", async () => {
    const users = Array.from({ length: 24 }, () => uniqueUserId("sweepers"));
    for (const userId of users) await createUser(b.db, userId, 100);
    const jobs: string[] = [];
    // Each round in another order, so concurrent sweepers meet the users' rows in crossing orders.
    for (let round = 0; round < 4; round++) {
      for (const userId of [...users].sort(() => Math.random() - 0.5)) {
        jobs.push((await reserve(b.db, userId, { timeoutSeconds: 1, maxInFlight: 10 })).generation!.id);
      }
    }
    await new Promise((r) => setTimeout(r, 1200));
    const sweeps = await Promise.all(
      Array.from({ length: 8 }, () => sweepGenerations(b.db, { queuedGraceSeconds: 600, limit: 9 })),
    );
    // What eight small sweeps left, one more sweep finishes; nobody deadlocked on the way.
    const rest = await sweepGenerations(b.db, { queuedGraceSeconds: 600, limit: 500 });
    const swept = [...sweeps, rest].flatMap((s) => s.swept);
    expect(new Set(swept).size).toBe(swept.length);
    // Sweepers of apps under test share this database and may hold one of these jobs for an
    // instant (skip locked), so wait for them to commit rather than race them.
    const openJobs = async () =>
      (await b.sql.query<{ n: number }>("select count(*)::int as n from generations where id = any($1::uuid[]) and status in ('queued', 'running')", [jobs]))[0].n;
    for (let i = 0; i < 20 && (await openJobs()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await openJobs()).toBe(0);
    for (const userId of users) {
      expect(await balanceOf(userId)).toBe(100);
      expect(await ledgerSum(userId)).toBe(100);
    }
  });
});
