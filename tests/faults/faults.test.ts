import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPostgres } from "../../lib/db/postgres";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import { balanceOf, waitForFinish } from "../generation/helpers";
import { seedUser, uniqueEmail } from "../generation/seed";
import { Client, startApp, type App } from "../support/app";
import { createTestDatabase } from "../support/postgres-database";

// Faults, each on a database of its own so no other server's sweeper joins in: a provider that fails
// every call for a while (everyone refunded, other users still served), storage that cannot be
// written (failed and refunded, nothing succeeds without its copy), and a server killed with jobs
// queued and an answer streaming (after a restart every job completes or is refunded once).
const CRON_SECRET = "test-cron-secret";

describe.skipIf(!inject("databaseUrl"))("faults", () => {
  let own: Awaited<ReturnType<typeof createTestDatabase>>;
  let fakes: ProviderFakes;
  beforeAll(async () => {
    own = await createTestDatabase(inject("databaseUrl")!);
    fakes = await startProviderFakes();
  });
  afterAll(async () => {
    await fakes?.close();
    await own?.drop();
  });

  async function seed(emails: string[], credits = 500) {
    const sql = openPostgres(own.url, { max: 1 });
    try {
      for (const email of emails) await seedUser(sql, { email, plan: "pro", credits });
    } finally {
      await sql.close();
    }
  }
  async function ledgerTotals() {
    const sql = openPostgres(own.url, { max: 1 });
    try {
      const [row] = await sql.query<{ open: number; unrefunded: number; twice: number; drift: number; bare: number }>(
        `select (select count(*) from generations where status in ('queued', 'running'))::int as open,
                (select count(*) from generations where status = 'failed' and not refunded)::int as unrefunded,
                (select count(*) from (select ref from credit_ledger where reason = 'refund' group by ref having count(*) > 1) t)::int as twice,
                (select count(*) from user_credits c where c.balance <> (select coalesce(sum(delta), 0) from credit_ledger l where l.user_id = c.user_id))::int as drift,
                (select count(*) from generations where status = 'succeeded' and (outputs is null or jsonb_array_length(outputs) = 0) and kind in ('image', 'video', 'director'))::int as bare`,
      );
      return row;
    } finally {
      await sql.close();
    }
  }
  const sweep = (app: App) => fetch(`${app.url}/api/cron/sweep`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });

  it("refunds every job while a provider answers 500 or garbage to every call, and keeps serving other users", async () => {
    const victims = Array.from({ length: 4 }, (_, i) => uniqueEmail(`fault500-${i}`));
    const bystander = uniqueEmail("bystander");
    await seed([...victims, bystander]);
    const app = await startApp({ DATABASE_URL: own.url, ...fakes.env, CRON_SECRET, GENERATION_POLL_INTERVAL_SECONDS: "0", IMAGE_WAIT_MS: "500" }, { auth: "clerk" });
    try {
      const started = Date.now();
      let served = 0;
      let tried = 0;
      for (const fault of ["500", "malformed", "timeout"] as const) {
        fakes.replicate.setBehaviour({ fault });
        const results = await Promise.all(
          victims.map(async (email) => {
            const user = await Client.signIn(app, email);
            const res = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: `a fox under ${fault}` } });
            tried++;
            return res;
          }),
        );
        for (const res of results) {
          expect(res.status, JSON.stringify(res.body)).toBe(502);
          expect(res.body.error.details.refunded).toBe(true);
        }
        // Someone else, meanwhile, is answered as ever.
        const other = await Client.signIn(app, bystander);
        const me = await other.json("/api/me");
        expect(me.status).toBe(200);
        served++;
      }
      fakes.replicate.setBehaviour({ fault: undefined });
      for (const email of victims) expect(await balanceOf(await Client.signIn(app, email))).toBe(500);
      const totals = await ledgerTotals();
      expect(totals).toMatchObject({ open: 0, unrefunded: 0, twice: 0, drift: 0, bare: 0 });
      console.log(`faults: ${tried} jobs against a provider answering 500, garbage or nothing: all refunded once; bystander served ${served}/${served} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      fakes.replicate.setBehaviour({ fault: undefined });
      await app.stop();
    }
  }, 120_000);

  it("fails and refunds jobs whose outputs cannot be stored, marking nothing succeeded without its copy", async () => {
    const email = uniqueEmail("nostorage");
    await seed([email]);
    const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-nostorage-"));
    // The artifacts folder cannot be made: a file stands where it should be.
    writeFileSync(path.join(dataDir, "artifacts"), "not a folder");
    const app = await startApp({ DATABASE_URL: own.url, DATA_DIR: dataDir, DEMO_PROVIDERS: "1", CRON_SECRET, GENERATION_POLL_INTERVAL_SECONDS: "0" });
    try {
      const user = await Client.signIn(app, email);
      const image = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a fox" } });
      const imageId = image.body.generation?.id ?? image.body.error?.details?.generation?.id;
      const video = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "waves" } });
      for (const id of [imageId, video.body.generation.id]) {
        const done = await waitForFinish(user, id, 20_000, 200);
        expect(done).toMatchObject({ status: "failed", refunded: true, error: { code: "storage_failed" } });
      }
      expect(await balanceOf(user)).toBe(500);
      expect(await ledgerTotals()).toMatchObject({ open: 0, unrefunded: 0, twice: 0, drift: 0, bare: 0 });
    } finally {
      await app.stop();
    }
  }, 90_000);

  it("completes or refunds every job after the server is killed with jobs queued and an answer streaming", async () => {
    const emails = Array.from({ length: 3 }, (_, i) => uniqueEmail(`killed-${i}`));
    await seed(emails);
    const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-killed-"));
    // A short cap on every timeout, so the stream's orphaned job ends in seconds, not minutes.
    const env = { DATABASE_URL: own.url, DATA_DIR: dataDir, DEMO_PROVIDERS: "1", CRON_SECRET, GENERATION_POLL_INTERVAL_SECONDS: "0", SWEEP_INTERVAL_SECONDS: "0", GENERATION_TIMEOUT_SECONDS: "25" };
    let app = await startApp(env);
    const ids: string[] = [];
    for (const email of emails) {
      const user = await Client.signIn(app, email);
      // A slow clip waits in the provider's queue; the server dies while it does.
      const res = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "a storm [demo:slow]" } });
      expect(res.status).toBe(202);
      ids.push(res.body.generation.id);
    }
    // An answer streaming when the server dies: the request never finishes it.
    const talker = await Client.signIn(app, emails[0]!);
    const stream = await talker.fetch("/api/assistant", { method: "POST", json: { message: "write a long plan [demo:slow]" } });
    const reader = stream.body!.getReader();
    await reader.read();
    await app.kill();
    await reader.cancel().catch(() => {});

    app = await startApp(env);
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        await sweep(app);
        const totals = await ledgerTotals();
        if (totals.open === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      const user = await Client.signIn(app, emails[1]!);
      expect((await user.json(`/api/generations/${ids[1]}`)).body.generation.status).toMatch(/succeeded|failed/);
      const totals = await ledgerTotals();
      expect(totals).toMatchObject({ open: 0, unrefunded: 0, twice: 0, drift: 0, bare: 0 });
    } finally {
      await app.stop();
    }
  }, 150_000);
});
