import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPostgres } from "../../lib/db/postgres";
import { Client, startApp, type App } from "../support/app";
import { createTestDatabase } from "../support/postgres-database";
import { seedUsers, uniqueEmail, withAppDatabase } from "./seed";
import { localUserId } from "../../lib/auth/local-session";

const databaseUrl = inject("databaseUrl");

// Two app servers on one PostgreSQL: the limit is the database's, not a process's.
describe.skipIf(!databaseUrl)("generation rate limit across two servers", () => {
  let a: App;
  let b: App;
  const email = uniqueEmail("limited");
  beforeAll(async () => {
    const dataDir = await seedUsers([{ email, plan: "pro", credits: 10_000 }]);
    const env = { DATA_DIR: dataDir, RATE_LIMIT_GENERATION: "7/3600", SWEEP_INTERVAL_SECONDS: "0", IMAGE_WAIT_MS: "0" };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("lets 7 of 50 concurrent requests past, answers the rest 429 rate_limited with Retry-After, and reserves nothing for them", async () => {
    const [onA, onB] = await Promise.all([Client.signIn(a, email), Client.signIn(b, email)]);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? onA : onB).json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: `burst ${i}` } }),
      ),
    );
    const limited = results.filter((r) => r.status === 429 && r.body.error?.code === "rate_limited");
    const passed = results.filter((r) => !(r.status === 429 && r.body.error?.code === "rate_limited"));
    expect(limited).toHaveLength(43);
    expect(passed).toHaveLength(7);
    for (const r of limited) {
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(r.body.error.details.retryAfter).toBe(Number(r.headers.get("retry-after")));
    }
    // Only requests that got past the limiter reserved anything.
    const sql = openPostgres(databaseUrl!, { max: 1 });
    try {
      const [row] = await sql.query<{ n: number }>(
        "select count(*)::int as n from credit_ledger where user_id = $1 and reason = 'reserve'",
        [localUserId(email)],
      );
      const reservedByAnswers = passed.filter((r) => r.status === 200 || r.status === 202 || r.status === 502).length;
      expect(row.n).toBe(reservedByAnswers);
      expect(row.n).toBeLessThanOrEqual(7);
    } finally {
      await sql.close();
    }
  });
});

describe("local sign-in rate limit per client address", () => {
  let proxied: App;
  let direct: App;
  let ownDatabase: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    // Every other test server signs in from 127.0.0.1 too, with the limit lifted: on the shared
    // database their sign-ins would refill this bucket. These two servers keep a database of their own.
    if (databaseUrl) ownDatabase = await createTestDatabase(databaseUrl);
    const database = { DATABASE_URL: ownDatabase?.url };
    [proxied, direct] = await Promise.all([
      startApp({ RATE_LIMIT_SIGN_IN: "3/3600", TRUST_PROXY_HOPS: "1", ...database }),
      startApp({ RATE_LIMIT_SIGN_IN: "3/3600", ...database }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([proxied?.stop(), direct?.stop()]);
    await ownDatabase?.drop();
  });

  const signIn = (app: App, forwardedFor?: string) =>
    fetch(`${app.url}/api/auth/local`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
      body: JSON.stringify({ email: uniqueEmail("signin") }),
    });

  it("limits each address the trusted proxy reports, and a client cannot mint itself a new one", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(proxied, "203.0.113.7")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Whatever the client prepends, the proxy's own entry is the last one.
    const spoofed = await signIn(proxied, "198.51.100.1, 203.0.113.7");
    expect(spoofed.status).toBe(429);
    expect(Number(spoofed.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await spoofed.json()).error.code).toBe("rate_limited");
    expect((await signIn(proxied, "203.0.113.8")).status).toBe(200);
  });

  it("behind no trusted proxy, counts every sign-in together whatever the headers say", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(direct, `192.0.2.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
