import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hitRateLimit, pruneRateLimits } from "../../lib/db/functions/rate-limits";
import { planRules } from "../../lib/catalog";
import { rateLimitOf } from "../../lib/rate-limit/rate-limit-of";
import { createUser, reserve } from "./money";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";

describe("rate limit configuration", () => {
  it("reads RATE_LIMIT_<BUCKET> as requests per seconds, and keeps the default for anything else", () => {
    expect(rateLimitOf("generation", { RATE_LIMIT_GENERATION: "5/10" })).toEqual({ limit: 5, windowSeconds: 10 });
    expect(rateLimitOf("checkout", { RATE_LIMIT_CHECKOUT: "lots" })).toEqual(rateLimitOf("checkout", {}));
    expect(rateLimitOf("sign_in", { RATE_LIMIT_SIGN_IN: "0/60" })).toEqual(rateLimitOf("sign_in", {}));
  });
});

describe.each(backendFactories())("rate limits in SQL on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it("lets exactly the limit through of 50 concurrent requests, and says when to retry", async () => {
    const key = `test:${uniqueUserId("burst")}`;
    const hits = await Promise.all(Array.from({ length: 50 }, () => hitRateLimit(b.db, { key, limit: 7, windowSeconds: 3600 })));
    expect(hits.filter((h) => h.code === "ok")).toHaveLength(7);
    const limited = hits.filter((h) => h.code === "limited");
    expect(limited).toHaveLength(43);
    for (const h of limited) expect(h.code === "limited" && h.retryAfter > 0 && h.retryAfter <= 3600 / 7 + 1).toBe(true);
  });

  it("refills as time passes, a token every window / limit seconds", async () => {
    const key = `test:${uniqueUserId("refill")}`;
    // 2 per 4 s: a token every 2 s, so the third request is limited unless 2 s passed meanwhile.
    const hit = () => hitRateLimit(b.db, { key, limit: 2, windowSeconds: 4 });
    expect((await hit()).code).toBe("ok");
    expect((await hit()).code).toBe("ok");
    const third = await hit();
    expect(third.code).toBe("limited");
    expect(third.code === "limited" && third.retryAfter).toBeGreaterThanOrEqual(1);
    expect(third.code === "limited" && third.retryAfter).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await hit()).code).toBe("ok");
    expect((await hit()).code).toBe("limited");
  });

  it("keeps buckets apart and prunes only idle ones", async () => {
    const a = `test:${uniqueUserId("a")}`;
    const c = `test:${uniqueUserId("c")}`;
    expect((await hitRateLimit(b.db, { key: a, limit: 1, windowSeconds: 3600 })).code).toBe("ok");
    expect((await hitRateLimit(b.db, { key: a, limit: 1, windowSeconds: 3600 })).code).toBe("limited");
    expect((await hitRateLimit(b.db, { key: c, limit: 1, windowSeconds: 3600 })).code).toBe("ok");
    await pruneRateLimits(b.db, 3600);
    expect((await hitRateLimit(b.db, { key: a, limit: 1, windowSeconds: 3600 })).code).toBe("limited");
  });

  it("answers rate_limited from inside a reservation, before anything else, and writes no generation", async () => {
    const userId = uniqueUserId("reserve-limited");
    await createUser(b.db, userId, 100);
    const rateLimit = { key: `generation:${userId}`, limit: 3, windowSeconds: 3600 };
    const results = await Promise.all(Array.from({ length: 10 }, () => reserve(b.db, userId, { price: 1, rateLimit })));
    expect(results.filter((r) => r.code === "ok")).toHaveLength(3);
    const limited = results.filter((r) => r.code === "rate_limited");
    expect(limited).toHaveLength(7);
    for (const r of limited) expect(r.code === "rate_limited" && r.retryAfter).toBeGreaterThan(0);
    const [row] = await b.sql.query<{ n: number }>("select count(*)::int as n from generations where user_id = $1", [userId]);
    expect(row.n).toBe(3);
    // Even a request that would be refused for its plan is counted and refused for its rate first.
    expect((await reserve(b.db, userId, { price: 1, access: "pro", plans: planRules(), rateLimit })).code).toBe("rate_limited");
  });

  it("refuses the rate limit function and table to anon and authenticated", async () => {
    for (const role of ["anon", "authenticated"]) {
      for (const statement of ["select hit_rate_limit('x', 100, 60)", "select prune_rate_limits(0)", "delete from rate_limit_buckets", "select * from rate_limit_buckets"]) {
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
