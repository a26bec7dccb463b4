import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openPostgres } from "../../lib/db/postgres";
import { freePort, startApp, type App } from "../support/app";
import { TEST_DIST_DIR } from "../support/build";

const ROOT = path.resolve(__dirname, "../..");
const baseUrl = process.env.DATABASE_URL;
const databaseUrl = inject("databaseUrl");

describe("vercel.json", () => {
  const config = JSON.parse(readFileSync(path.join(ROOT, "vercel.json"), "utf8")) as { crons: { path: string; schedule: string }[] };
  let app: App | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it("schedules the sweep every minute and the reconcile, both routes that exist on disk", () => {
    expect(config.crons).toEqual(
      expect.arrayContaining([
        { path: "/api/cron/sweep", schedule: "* * * * *" },
        expect.objectContaining({ path: "/api/cron/reconcile" }),
      ]),
    );
    for (const cron of config.crons) expect(existsSync(path.join(ROOT, "app", cron.path, "route.ts")), cron.path).toBe(true);
  });

  it("points at routes that answer Vercel's call with the cron secret, and nobody else's", async () => {
    app = await startApp({ CRON_SECRET: "guide-cron-secret", SWEEP_INTERVAL_SECONDS: "0" });
    for (const cron of config.crons) {
      expect((await fetch(`${app.url}${cron.path}`)).status, cron.path).toBe(401);
      const res = await fetch(`${app.url}${cron.path}`, { headers: { authorization: "Bearer guide-cron-secret" } });
      expect(res.status, `${cron.path}: ${await res.clone().text()}`).toBe(200);
    }
  });
});

/** `npm start` as the guide runs it, on the test build, until /api/health answers. */
async function npmStart(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn("npm", ["start", "--", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: TEST_DIST_DIR, DATA_DIR: mkdtempSync(path.join(tmpdir(), "nexora-selfhost-")), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await fetch(`${url}/api/health`).then((r) => r.json(), () => null);
    if (health) {
      // npm runs next in a process group of its own: stop them together.
      return { health, stop: () => process.kill(-child.pid!, "SIGTERM"), logs: () => output };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!databaseUrl)("self-hosting as the README says", () => {
  it("npm run db:migrate, then npm start, serves a current database", async () => {
    const fresh = await createFreshDatabase();
    try {
      const migrate = spawnSync("npm", ["run", "db:migrate"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: fresh.url }, encoding: "utf8" });
      expect(migrate.status, migrate.stdout + migrate.stderr).toBe(0);
      expect(migrate.stdout).toMatch(/postgres: applied \d+ migration\(s\)/);
      const server = await npmStart({ DATABASE_URL: fresh.url });
      try {
        expect(server.health).toMatchObject({ ok: true, database: "postgres" });
      } finally {
        server.stop();
      }
    } finally {
      await fresh.drop();
    }
  });

  it("MIGRATE_ON_START=1 migrates an empty database over DATABASE_URL_DIRECT before serving", async () => {
    const fresh = await createFreshDatabase();
    try {
      const server = await npmStart({ DATABASE_URL: fresh.url, DATABASE_URL_DIRECT: fresh.url, MIGRATE_ON_START: "1" });
      try {
        expect(server.health, server.logs()).toMatchObject({ ok: true, database: "postgres", migrations: { pending: [] } });
      } finally {
        server.stop();
      }
    } finally {
      await fresh.drop();
    }
  });
});

/** An empty database on the run's server, with nothing migrated. */
async function createFreshDatabase() {
  const name = `nexora_selfhost_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openPostgres(baseUrl!, { max: 1 });
  await admin.exec(`create database ${name}`);
  await admin.close();
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = openPostgres(baseUrl!, { max: 1 });
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}
