import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { provisionUser } from "../../lib/db/functions/credits";
import { failGeneration } from "../../lib/db/functions/generations";
import { migrationUrl, openDb, usesTransactionPooler } from "../../lib/db/open";
import { openPostgres } from "../../lib/db/postgres";
import type { Db } from "../../lib/db/types";
import { Client, freePort, startApp, type App } from "../support/app";
import { uniqueUserId } from "../support/backends";
import { reserve } from "./money";

describe("which connection a deployment uses", () => {
  it("turns prepared statements off on Supabase's pooler port or when DATABASE_PREPARE=0", () => {
    expect(usesTransactionPooler({ DATABASE_URL: "postgres://u:p@aws-0-eu.pooler.supabase.com:6543/postgres" })).toBe(true);
    expect(usesTransactionPooler({ DATABASE_URL: "postgres://u:p@db.example.supabase.co:5432/postgres" })).toBe(false);
    expect(usesTransactionPooler({ DATABASE_URL: "postgres://u:p@pgbouncer:6432/app", DATABASE_PREPARE: "0" })).toBe(true);
    expect(usesTransactionPooler({ DATABASE_URL: "postgres://u:p@proxy:6543/app", DATABASE_PREPARE: "1" })).toBe(false);
  });

  it("migrates over the direct connection, never through the transaction pooler", () => {
    expect(migrationUrl({ DATABASE_URL: "postgres://u:p@pooler.supabase.com:6543/postgres" })).toBe("postgres://u:p@pooler.supabase.com:5432/postgres");
    expect(migrationUrl({ DATABASE_URL: "postgres://u:p@pooler:6543/x", DATABASE_URL_DIRECT: "postgres://u:p@db:5432/x" })).toBe("postgres://u:p@db:5432/x");
    expect(migrationUrl({ DATABASE_URL: "postgres://u:p@db:5432/x" })).toBe("postgres://u:p@db:5432/x");
  });
});

const databaseUrl = inject("databaseUrl");

/**
 * PgBouncer from Debian's package in transaction mode, in front of the run's PostgreSQL. Each
 * transaction may land on another server connection, and DEALLOCATE ALL after every one makes
 * the refusal deterministic: a named prepared statement never survives to its next use.
 */
async function startPgBouncer(target: string): Promise<{ url: string; stop: () => Promise<void>; logs: () => string }> {
  const upstream = new URL(target);
  const dir = mkdtempSync(path.join(tmpdir(), "nexora-pgbouncer-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = upstream.password ? ` password=${decodeURIComponent(upstream.password)}` : "";
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${upstream.hostname} port=${upstream.port || 5432} user=${decodeURIComponent(upstream.username) || "postgres"}${password}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      "default_pool_size = 4",
      "max_client_conn = 200",
      "server_reset_query = DEALLOCATE ALL",
      "server_reset_query_always = 1",
      "ignore_startup_parameters = extra_float_digits,options",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn("/usr/sbin/pgbouncer", [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const probe = openPostgres(url.toString(), { max: 1, prepare: false });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await probe.query("select 1");
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pgbouncer did not start: ${output}\n${error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await probe.close();
  return {
    url: url.toString(),
    logs: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// Needs a PostgreSQL to put the pooler in front of.
describe.skipIf(!databaseUrl)("behind a transaction pooler that refuses prepared statements", () => {
  let pooler: Awaited<ReturnType<typeof startPgBouncer>>;
  let db: Db;
  let app: App;
  beforeAll(async () => {
    pooler = await startPgBouncer(databaseUrl!);
    db = await openDb({ DATABASE_URL: pooler.url, DATABASE_PREPARE: "0", DATABASE_URL_DIRECT: databaseUrl!, MIGRATE_ON_START: "1" });
    app = await startApp({ DATABASE_URL: pooler.url, DATABASE_PREPARE: "0", DATABASE_URL_DIRECT: databaseUrl!, MIGRATE_ON_START: "1" });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
    await pooler?.stop();
  });

  it("really refuses a prepared statement across transactions, as Supabase's pooler does", async () => {
    const client = openPostgres(pooler.url, { max: 1, prepare: false });
    try {
      await client.exec("prepare nexora_probe as select 1");
      await expect(client.exec("execute nexora_probe")).rejects.toThrow(/prepared statement "nexora_probe" does not exist/);
    } finally {
      await client.close();
    }
  });

  it("keeps every credit rule through the pooler: 60 racing reservations on 10 credits, refunds once", async () => {
    const userId = uniqueUserId("pooler");
    await provisionUser(db, { userId, starterCredits: 10 });
    const results = await Promise.all(Array.from({ length: 60 }, () => reserve(db, userId, { price: 3 })));
    const ok = results.filter((r) => r.code === "ok");
    expect(ok).toHaveLength(3);
    const refunds = await Promise.all(Array.from({ length: 5 }, () => failGeneration(db, ok[0].generation!.id, { code: "test" })));
    expect(refunds.filter((r) => r.code === "refunded")).toHaveLength(1);
    const direct = openPostgres(databaseUrl!, { max: 1 });
    try {
      const [row] = await direct.query<{ balance: number; sum: number }>(
        "select c.balance, (select sum(delta) from credit_ledger l where l.user_id = c.user_id)::bigint as sum from user_credits c where c.user_id = $1",
        [userId],
      );
      expect(row).toEqual({ balance: 4, sum: 4 });
    } finally {
      await direct.close();
    }
  });

  it("serves the studio through the pooler: a signed-in user generates an image and is charged once", async () => {
    const user = await Client.signIn(app, `pooler-${Date.now()}@example.com`);
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a harbour at dawn" } });
    expect(status, app.logs()).toBe(200);
    expect(body.balance).toBe(10);
    expect((await user.json("/api/me")).body.balance).toBe(10);
    const health = await fetch(`${app.url}/api/health`).then((r) => r.json());
    expect(health).toMatchObject({ ok: true, database: "postgres" });
  });
});
