import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPostgres } from "../../lib/db/postgres";
import type { SqlDb } from "../../lib/db/types";
import { createTestDatabase } from "../support/postgres-database";
import { localUserId } from "../../lib/auth/local-session";
import { failGeneration } from "../../lib/db/functions/generations";
import { Client, startApp, type App } from "../support/app";
import { seedUser, seedUsers, uniqueEmail, withAppDatabase } from "../generation/seed";
import { reserve } from "../db/money";
import { startLemonSqueezyFake, type LemonSqueezyFake } from "../fakes/lemonsqueezy-fake";
import { invoiceObject, signBody, STORE_ID, subscriptionObject, VARIANTS, webhookBody } from "../fakes/lemonsqueezy-payloads";
import { at, LEMON_ENV, lemonId, WEBHOOK_SECRET } from "../billing/lemon-test-kit";

const ADMIN_API = path.resolve(__dirname, "../../app/api/admin");
const METHODS = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g;
const CRON_SECRET = "cron-secret-for-admin-tests";

/** Every route.ts under app/api/admin, read from disk, with the methods it exports. */
function adminRoutes(fill: (segment: string, parent: string) => string): { url: string; methods: string[] }[] {
  const routes: { url: string; methods: string[] }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const source = readFileSync(path.join(dir, entry.name), "utf8");
        const url = ["/api/admin", ...segments.map((s, i) => (/^\[.+\]$/.test(s) ? fill(s, segments[i - 1]) : s))].join("/");
        routes.push({ url, methods: [...source.matchAll(METHODS)].map((m) => m[1]) });
      }
    }
  };
  walk(ADMIN_API, []);
  return routes;
}

function deliverTo(app: App) {
  return async (eventName: string, data: unknown, userId: string | null) => {
    const body = webhookBody(eventName, data, userId);
    const res = await fetch(`${app.url}/api/webhooks/lemon`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-event-name": eventName, "x-signature": signBody(body, WEBHOOK_SECRET) },
      body,
    });
    return { status: res.status, body: await res.json() };
  };
}

describe("the admin console over HTTP", () => {
  const adminEmail = uniqueEmail("admin");
  const customerEmail = uniqueEmail("customer");
  const nosyEmail = uniqueEmail("nosy");
  const customerId = localUserId(customerEmail);
  const adminId = localUserId(adminEmail);
  const seeded = { overdue: "", neverSubmitted: "", failed: "" };
  let app: App;
  let admin: Client;
  let nosy: Client;
  let customer: Client;
  let anonymous: Client;

  // On PostgreSQL this file has a database of its own: the suite's other apps run sweepers on the
  // shared one, and they would refund the stuck jobs seeded here before the console could show them.
  let own: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let withDb: (fn: (sql: SqlDb) => Promise<void>) => Promise<void>;
  afterAll(() => own?.drop());

  beforeAll(async () => {
    const baseUrl = inject("databaseUrl");
    own = baseUrl ? await createTestDatabase(baseUrl) : undefined;
    const users = [{ email: adminEmail }, { email: customerEmail, credits: 40 }, { email: nosyEmail }];
    const dataDir = own ? mkdtempSync(path.join(tmpdir(), "nexora-admin-")) : await seedUsers(users);
    withDb = async (fn) => {
      if (!own) return withAppDatabase(dataDir, fn);
      const sql = openPostgres(own.url, { max: 2 });
      try {
        await fn(sql);
      } finally {
        await sql.close();
      }
    };
    await withDb(async (sql) => {
      if (own) for (const user of users) await seedUser(sql, user);
      const worker = await seedUser(sql, { email: uniqueEmail("jobs"), plan: "pro", credits: 500 });
      const job = async (provider: string) => (await reserve(sql, worker, { provider })).generation!.id;
      seeded.overdue = await job("fal");
      await sql.query("update generations set status = 'running', created_at = now() - interval '2 hours' where id = $1", [seeded.overdue]);
      seeded.neverSubmitted = await job("fal");
      await sql.query("update generations set created_at = now() - interval '10 minutes' where id = $1", [seeded.neverSubmitted]);
      seeded.failed = await job("replicate");
      await failGeneration(sql, seeded.failed, { code: "provider_failed", message: "Replicate answered 500" });
    });
    app = await startApp({
      DATA_DIR: dataDir,
      ...(own ? { DATABASE_URL: own.url } : {}),
      ...LEMON_ENV,
      // Emails match whatever their case; the other entry names nobody here.
      ADMIN_USERS: ` someone-else@example.com , ${adminEmail.toUpperCase()} `,
      // This app's sweeper would refund the seeded stuck jobs; the console must show them first.
      SWEEP_INTERVAL_SECONDS: "0",
      CRON_SECRET,
    });
    [admin, nosy, customer] = await Promise.all([adminEmail, nosyEmail, customerEmail].map((email) => Client.signIn(app, email)));
    anonymous = new Client(app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const balanceOf = async (client: Client) => (await client.json("/api/me")).body.balance as number;
  // Other test files may share the database: only the customer's audit rows are counted.
  const customerAudit = async () =>
    ((await admin.json("/api/admin/audit")).body.entries as { targetUserId: string | null }[]).filter((e) => e.targetUserId === customerId);
  const auditCount = async () => (await customerAudit()).length;

  it("answers 404 not_found on every admin route and method to signed-out callers and to users who are not admins", async () => {
    const routes = adminRoutes((_segment, parent) => (parent === "users" ? customerId : "1"));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    for (const route of routes) {
      expect(route.methods.length, `${route.url} exports no method`).toBeGreaterThan(0);
      for (const method of route.methods) {
        for (const [who, client] of [["signed out", anonymous], ["not an admin", nosy]] as const) {
          const init = method === "GET" ? { method } : { method, json: { delta: 1000, reason: "should never apply" } };
          const res = await client.json(route.url, init);
          expect({ who, method, url: route.url, status: res.status, code: res.body?.error?.code }).toEqual({
            who,
            method,
            url: route.url,
            status: 404,
            code: "not_found",
          });
        }
      }
    }
    expect(await balanceOf(customer)).toBe(40);
  });

  it("shows the console and its sidebar link to admins only; everyone else gets the 404 page", async () => {
    const page = await admin.fetch(`/admin?q=${encodeURIComponent(customerEmail)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Stuck and failing jobs");
    expect(html).toContain(customerEmail);
    for (const client of [nosy, anonymous]) {
      const res = await client.fetch("/admin");
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).not.toContain("Stuck and failing jobs");
      expect(body).not.toContain(customerEmail);
    }
    expect(await (await admin.fetch("/studio")).text()).toContain('href="/admin"');
    expect(await (await nosy.fetch("/studio")).text()).not.toContain('href="/admin"');
  });

  it("lists users with plan, balance and jobs in flight, by email or id fragment", async () => {
    const byEmail = await admin.json(`/api/admin/users?q=${encodeURIComponent(customerEmail.slice(0, 20).toUpperCase())}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.users).toEqual([
      expect.objectContaining({ id: customerId, email: customerEmail, plan: "free", balance: 40, jobsInFlight: 0 }),
    ]);
    const byId = await admin.json(`/api/admin/users?q=${customerId.slice(6, 20)}`);
    expect(byId.body.users.map((u: { id: string }) => u.id)).toEqual([customerId]);
    const all = await admin.json("/api/admin/users");
    expect(all.body.users.length).toBeGreaterThanOrEqual(3);
    expect((await admin.json(`/api/admin/users?q=${"x".repeat(201)}`)).status).toBe(400);
  });

  it("adjusts a user's credits with a reason: the balance and the user's ledger show it, naming the admin and the reason", async () => {
    const res = await admin.json(`/api/admin/users/${customerId}/credits`, { method: "POST", json: { delta: 25, reason: "Refund for the Dec 2 outage" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: customerId, delta: 25, balance: 65 });
    expect(res.body.ref).toMatch(/^admin:/);
    expect(await balanceOf(customer)).toBe(65);

    const billing = await (await customer.fetch("/billing")).text();
    expect(billing).toContain(`Refund for the Dec 2 outage (by admin ${adminId})`);

    expect((await customerAudit())[0]).toMatchObject({
      adminId,
      adminEmail,
      action: "adjust_credits",
      targetUserId: customerId,
      details: { delta: 25, reason: "Refund for the Dec 2 outage", ledger_ref: res.body.ref, balance: 65 },
    });
  });

  it("answers 400 to an empty reason or a bad delta and changes nothing", async () => {
    const before = await auditCount();
    const bodies = [
      { delta: 10, reason: "" },
      { delta: 10, reason: "   " },
      { delta: 10 },
      { delta: 10, reason: "x".repeat(201) },
      { delta: 0, reason: "Nothing at all" },
      { delta: 1.5, reason: "Half a credit" },
      { delta: 100_001, reason: "Too generous" },
      { delta: -100_001, reason: "Too harsh" },
      { delta: "10", reason: "A string delta" },
      { delta: 10, reason: "Extra field", note: "no" },
    ];
    for (const json of bodies) {
      const res = await admin.json(`/api/admin/users/${customerId}/credits`, { method: "POST", json });
      expect([JSON.stringify(json), res.status, res.body.error?.code]).toEqual([JSON.stringify(json), 400, "invalid_request"]);
    }
    expect(await balanceOf(customer)).toBe(65);
    expect(await auditCount()).toBe(before);
  });

  it("answers 409 with the balance to an adjustment below zero and changes nothing", async () => {
    const before = await auditCount();
    const res = await admin.json(`/api/admin/users/${customerId}/credits`, { method: "POST", json: { delta: -66, reason: "Claw back a bonus" } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", details: { balance: 65 } });
    expect(await balanceOf(customer)).toBe(65);
    expect(await auditCount()).toBe(before);
  });

  it("answers 404 to an adjustment for an unknown user", async () => {
    const res = await admin.json(`/api/admin/users/${customerId}_ghost/credits`, { method: "POST", json: { delta: 5, reason: "Nobody home" } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("lists a failed Lemon Squeezy event and replays it, audited, once its subscription is known", async () => {
    const deliver = deliverTo(app);
    const subscriptionId = lemonId();
    const payment = await deliver("subscription_payment_success", invoiceObject({ id: lemonId(), subscriptionId }), customerId);
    expect(payment.status).toBe(500);

    const listed = await admin.json("/api/admin/webhooks");
    expect(listed.status).toBe(200);
    const event = listed.body.events.find((e: { eventName: string; status: string; userId: string | null }) => e.eventName === "subscription_payment_success" && e.status === "failed" && e.userId === customerId);
    expect(event).toMatchObject({ source: "lemonsqueezy", status: "failed", attempts: 1 });
    expect(event.error).toBeTruthy();

    // Still no subscription: the replay fails again, and says so.
    const early = await admin.json(`/api/admin/webhooks/${event.id}/replay`, { method: "POST" });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ id: event.id, code: "failed", before: "failed" });

    const created = await deliver("subscription_created", subscriptionObject({ id: subscriptionId, variantId: VARIANTS.growth, status: "active", updatedAt: at(0) }), customerId);
    expect(created.status).toBe(200);
    const replayed = await admin.json(`/api/admin/webhooks/${event.id}/replay`, { method: "POST" });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ id: event.id, eventName: "subscription_payment_success", before: "failed", code: "processed", userId: customerId });
    expect((await customer.json("/api/me")).body).toMatchObject({ plan: "growth", balance: 200 });

    const after = await admin.json("/api/admin/webhooks");
    expect(after.body.events.map((e: { id: number }) => e.id)).not.toContain(event.id);
    const audit = (await admin.json("/api/admin/audit")).body.entries.filter((e: { action: string; details: { event_id: number } }) => e.action === "replay_webhook" && e.details.event_id === event.id);
    expect(audit.map((e: { details: { result: string } }) => e.details.result)).toEqual(["processed", "failed"]);
    expect(audit[0]).toMatchObject({ adminId, targetUserId: customerId });

    expect((await admin.json("/api/admin/webhooks/999999999999/replay", { method: "POST" })).status).toBe(404);
    expect((await admin.json("/api/admin/webhooks/not-a-number/replay", { method: "POST" })).status).toBe(404);
  });

  it("lists stuck and failing jobs by provider, with counts", async () => {
    const { status, body } = await admin.json("/api/admin/jobs");
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.jobs.map((j: { id: string }) => [j.id, j]));
    expect(byId[seeded.overdue]).toMatchObject({ provider: "fal", state: "stuck", status: "running" });
    expect(byId[seeded.neverSubmitted]).toMatchObject({ provider: "fal", state: "stuck", status: "queued" });
    expect(byId[seeded.failed]).toMatchObject({ provider: "replicate", state: "failed", refunded: true, error: { message: "Replicate answered 500" } });
    const counts = Object.fromEntries(body.providers.map((p: { provider: string }) => [p.provider, p]));
    expect(counts.fal.stuck).toBeGreaterThanOrEqual(2);
    expect(counts.replicate.failed).toBeGreaterThanOrEqual(1);
    // Grouped: the jobs come provider by provider, in the providers' order.
    const order = body.providers.map((p: { provider: string }) => p.provider);
    const seen = body.jobs.map((j: { provider: string }) => j.provider).filter((p: string, i: number, all: string[]) => all.indexOf(p) === i);
    expect(seen).toEqual(order.filter((p: string) => seen.includes(p)));
  });

  it("shows the last reconcile run", async () => {
    const started = Date.now();
    const cron = await fetch(`${app.url}/api/cron/reconcile`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(cron.status).toBe(200);
    const { status, body } = await admin.json("/api/admin/reconcile");
    expect(status).toBe(200);
    expect(body.run).toMatchObject({ checked: 0, skipped: "Lemon Squeezy is not configured.", drifted: [], corrected: [], errors: [] });
    expect(new Date(body.run.finishedAt).getTime()).toBeGreaterThanOrEqual(started - 1000);
  });

  it("keeps every adjustment and replay in admin_audit, and the ledger row names the admin and the reason", async () => {
    await app.stop();
    await withDb(async (sql) => {
      const ledger = await sql.query<{ delta: number; reason: string; note: string; ref: string }>(
        "select delta, reason, note, ref from credit_ledger where user_id = $1 and ref like 'admin:%' order by id",
        [customerId],
      );
      expect(ledger).toEqual([{ delta: 25, reason: "adjustment", note: `Refund for the Dec 2 outage (by admin ${adminId})`, ref: expect.stringMatching(/^admin:/) }]);
      const audit = await sql.query<{ admin_id: string; action: string }>("select admin_id, action from admin_audit where target_user_id = $1 order by id", [customerId]);
      expect(audit).toEqual([
        { admin_id: adminId, action: "adjust_credits" },
        { admin_id: adminId, action: "replay_webhook" },
        { admin_id: adminId, action: "replay_webhook" },
      ]);
      const [{ sum }] = await sql.query<{ sum: number }>("select sum(delta)::bigint as sum from credit_ledger where user_id = $1", [customerId]);
      expect(Number(sum)).toBe(200);
    });
  });
});

describe("the admin console with Clerk and Lemon Squeezy configured", () => {
  const adminEmail = uniqueEmail("clerk-admin");
  let app: App;
  let lemon: LemonSqueezyFake;

  beforeAll(async () => {
    lemon = await startLemonSqueezyFake();
    app = await startApp(
      {
        ...LEMON_ENV,
        LEMON_SQUEEZY_API_KEY: lemon.apiKey,
        LEMON_SQUEEZY_STORE_ID: String(STORE_ID),
        LEMON_SQUEEZY_BASE_URL: lemon.url,
        CRON_SECRET,
        ADMIN_USERS: adminEmail,
      },
      { auth: "clerk" },
    );
  });
  afterAll(async () => {
    await app?.stop();
    await lemon?.close();
  });

  it("keeps the drift the last reconcile found and corrected, for admins only", async () => {
    const deliver = deliverTo(app);
    const [admin, user] = await Promise.all([Client.signIn(app, adminEmail), Client.signIn(app, uniqueEmail("clerk-drift"))]);
    const { body: me } = await user.json("/api/me");
    const subscriptionId = lemonId();
    const fixture = { id: subscriptionId, variantId: VARIANTS.pro, status: "active" as const, updatedAt: at(0) };
    lemon.setSubscription(fixture);
    expect((await deliver("subscription_created", subscriptionObject(fixture), me.id)).status).toBe(200);

    // The expiry webhook was lost: only the API knows.
    lemon.setSubscription({ ...fixture, status: "expired", endsAt: at(90), updatedAt: at(90) });
    const cron = await fetch(`${app.url}/api/cron/reconcile`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(cron.status).toBe(200);
    expect((await cron.json()).corrected).toContain(subscriptionId);

    const { status, body } = await admin.json("/api/admin/reconcile");
    expect(status).toBe(200);
    expect(body.run.skipped).toBeNull();
    expect(body.run.checked).toBeGreaterThanOrEqual(1);
    expect(body.run.drifted).toContainEqual({ subscription_id: subscriptionId, fields: expect.arrayContaining(["status", "ends_at"]) });
    expect(body.run.corrected).toContain(subscriptionId);

    const notAdmin = await user.json("/api/admin/reconcile");
    expect([notAdmin.status, notAdmin.body.error.code]).toEqual([404, "not_found"]);
    // Signed out, Clerk's middleware answers every API path with the same 401.
    expect((await fetch(`${app.url}/api/admin/reconcile`)).status).toBe(401);
  });
});
