import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../../lib/db/postgres";
import { seedUser, uniqueEmail } from "../generation/seed";
import { freePort, Client, startApp, type App } from "../support/app";
import { createTestDatabase } from "../support/postgres-database";

// PostgreSQL restarted under load, on a server of this test's own (the run's shared one stays up for
// everyone else): requests that meet the restart fail cleanly (503 with the error body, never a
// 500), nothing is charged without its generation, and every job that was accepted ends, kept or
// refunded once.
const PG_BIN = (() => {
  try {
    const version = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))[0];
    return version ? `/usr/lib/postgresql/${version}/bin` : undefined;
  } catch {
    return undefined;
  }
})();
const AS_POSTGRES = process.getuid?.() === 0;

function pg(tool: string, args: string[]) {
  const command = path.join(PG_BIN!, tool);
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  return AS_POSTGRES ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" }) : execFileSync(command, args, { stdio: "pipe" });
}

describe.skipIf(!PG_BIN)("PostgreSQL restarted under load", () => {
  let dir = "";
  let port = 0;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: App;
  const emails = Array.from({ length: 6 }, (_, i) => uniqueEmail(`pgrestart${i}`));
  const CRON_SECRET = "test-cron-secret";

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "nexora-pg-"));
    chmodSync(dir, 0o777);
    port = await freePort();
    pg("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
    pg("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`, "start"]);
    database = await createTestDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`);
    const sql = openPostgres(database.url, { max: 1 });
    try {
      for (const email of emails) await seedUser(sql, { email, credits: 1000 });
    } finally {
      await sql.close();
    }
    app = await startApp({ DATABASE_URL: database.url, DEMO_PROVIDERS: "1", CRON_SECRET, SWEEP_QUEUED_GRACE_SECONDS: "5", RATE_LIMIT_GENERATION: "100000/60", GENERATION_POLL_INTERVAL_SECONDS: "0" });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await database?.drop().catch(() => {});
    if (dir) {
      try {
        pg("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]);
      } catch {}
    }
  });

  it("answers 503 while it is down, charges nothing without a generation, and ends every job once", async () => {
    const clients = await Promise.all(emails.map((email) => Client.signIn(app, email)));
    const statuses: Record<number, number> = {};
    const accepted = new Set<string>();
    const bad: string[] = [];
    let stop = false;
    const workers = clients.map(async (user, i) => {
      for (let n = 0; !stop; n++) {
        try {
          const res = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: `harbour ${i}-${n}` } });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const id = res.body?.generation?.id ?? res.body?.error?.details?.generation?.id;
          if (id) accepted.add(id);
          if (![200, 202, 429, 502, 503].includes(res.status) || (res.status >= 400 && !res.body?.error?.code)) bad.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          if (res.status === 503) expect(res.body.error.code).toBe("service_unavailable");
        } catch (error) {
          bad.push(`threw ${(error as Error).message}`);
        }
      }
    });
    // Readers too: every page load asks the database for the user's balance.
    const readers = clients.map(async (user) => {
      while (!stop) {
        const res = await user.json("/api/me").catch((error: Error) => ({ status: -1, body: { error: { code: error.message } } }));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 200 && !(res.status === 503 && res.body?.error?.code === "service_unavailable")) bad.push(`me ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await new Promise((r) => setTimeout(r, 2_500));
    // Down for a second and a half, then back: a restart with a moment in between.
    const restartStarted = Date.now();
    pg("pg_ctl", ["-D", `${dir}/data`, "-m", "fast", "-w", "stop"]);
    await new Promise((r) => setTimeout(r, 1_500));
    pg("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`, "start"]);
    const restartMs = Date.now() - restartStarted;
    await new Promise((r) => setTimeout(r, 3_000));
    stop = true;
    await Promise.all([...workers, ...readers]);

    // Every accepted job ends: the demo provider finishes them, the sweeper refunds what never got out.
    const sql = openPostgres(database.url, { max: 1 });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        await fetch(`${app.url}/api/cron/sweep`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
        const [{ open }] = await sql.query<{ open: number }>("select count(*)::int as open from generations where status in ('queued', 'running')");
        if (Number(open) === 0 || Date.now() > deadline) break;
        const rows = await sql.query<{ id: string; user_id: string }>("select id, user_id from generations where status in ('queued', 'running')");
        await Promise.all(rows.map((r) => clients[0]!.json(`/api/generations/${r.id}`)));
        await new Promise((r) => setTimeout(r, 1_000));
      }
      const [money] = await sql.query<{ open: number; orphan_charges: number; twice: number; unrefunded: number; drift: number; total: number }>(
        `select (select count(*) from generations where status in ('queued', 'running'))::int as open,
                (select count(*) from credit_ledger l where l.reason = 'reserve' and not exists (select 1 from generations g where g.id::text = l.ref))::int as orphan_charges,
                (select count(*) from (select ref from credit_ledger where reason = 'refund' group by ref having count(*) > 1) t)::int as twice,
                (select count(*) from generations where status = 'failed' and not refunded)::int as unrefunded,
                (select count(*) from user_credits c where c.balance <> (select coalesce(sum(delta), 0) from credit_ledger l where l.user_id = c.user_id))::int as drift,
                (select count(*) from generations)::int as total`,
      );
      const known = new Set((await sql.query<{ id: string }>("select id from generations")).map((r) => r.id));
      console.log(
        `postgres restart: ${restartMs} ms under ${emails.length} users' load; answers ${JSON.stringify(statuses)}; ${money.total} jobs, ${money.open} open, ${money.orphan_charges} charges without a generation, ${money.twice} refunded twice`,
      );
      expect(bad).toEqual([]);
      expect(statuses[500] ?? 0).toBe(0);
      // The outage was met (requests answered 503) and the service came back (200s after it).
      expect(statuses[503] ?? 0).toBeGreaterThan(0);
      expect((await clients[0]!.json("/api/me")).status).toBe(200);
      expect([...accepted].filter((id) => !known.has(id)), "accepted jobs the database does not hold").toEqual([]);
      expect(money).toMatchObject({ open: 0, orphan_charges: 0, twice: 0, unrefunded: 0, drift: 0 });
    } finally {
      await sql.close();
    }
  }, 150_000);
});
