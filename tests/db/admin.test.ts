import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRules } from "../../lib/catalog";
import {
  adminAdjustCredits,
  adminFailedWebhookEvents,
  adminLastReconcile,
  adminListAudit,
  adminListUsers,
  adminRecord,
  adminStuckJobs,
  recordReconcileRun,
} from "../../lib/db/functions/admin";
import { finishWebhookEvent, recordWebhookEvent } from "../../lib/db/functions/billing";
import { failGeneration } from "../../lib/db/functions/generations";
import { openSupabase } from "../../lib/db/supabase";
import { ANON_KEY, backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { startSupabaseRest } from "../support/supabase-rest";
import { createUser, reserve } from "./money";
import { attemptAsRole } from "../support/attempt-as-role";

// Every function of the admin migration, with arguments that would act if the caller were allowed.
const ADMIN_CALLS = [
  ["admin_list_users", `select admin_list_users('', 10, '{"free": {"rank": 0, "access": [], "jobs_in_flight": 1}}'::jsonb)`],
  ["admin_adjust_credits", "select admin_adjust_credits($1, $1, 100000, 'because I can')"],
  ["admin_record", "select admin_record($1, 'anything', null, '{}'::jsonb)"],
  ["admin_list_audit", "select admin_list_audit(10)"],
  ["admin_stuck_jobs", "select admin_stuck_jobs(10, 90)"],
  ["admin_failed_webhook_events", "select admin_failed_webhook_events(10)"],
  ["record_reconcile_run", "select record_reconcile_run(now(), 0, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, null)"],
  ["admin_last_reconcile", "select admin_last_reconcile()"],
] as const;


// Its stuck-jobs case leaves jobs overdue on purpose, so no app server's sweeper may share the database.
describe.each(backendFactories({ ownDatabase: true }))("admin console SQL on $name", ({ open }) => {
  let b: Backend;
  let adminId: string;
  beforeAll(async () => {
    b = await open();
    adminId = uniqueUserId("admin");
    await createUser(b.db, adminId, 15);
  });
  afterAll(async () => {
    await b?.close();
  });

  async function balanceOf(userId: string) {
    const [row] = await b.sql.query<{ balance: number }>("select balance from user_credits where user_id = $1", [userId]);
    return Number(row.balance);
  }
  async function ledgerOf(userId: string) {
    return b.sql.query<{ delta: number; reason: string; ref: string; note: string | null }>(
      "select delta, reason, ref, note from credit_ledger where user_id = $1 order by id",
      [userId],
    );
  }
  async function auditOf(userId: string) {
    return b.sql.query<{ admin_id: string; action: string; details: Record<string, unknown> }>(
      "select admin_id, action, details from admin_audit where target_user_id = $1 order by id",
      [userId],
    );
  }
  async function subscribe(userId: string, plan: string, status: string, endsAt: string | null = null) {
    await b.sql.query(
      `insert into user_subscriptions (subscription_id, user_id, plan, status, ends_at, source_updated_at)
       values ($1, $2, $3, $4, $5::timestamptz, now())`,
      [`sub_${userId}_${plan}_${status}`, userId, plan, status, endsAt],
    );
  }

  it("lists users by email or id fragment with the plan the reservation would decide, balance and jobs in flight", async () => {
    const tag = uniqueUserId("find");
    const pro = `${tag}_pro`;
    const lapsed = `${tag}_lapsed`;
    const dueGrowth = `${tag}_due`;
    await createUser(b.db, pro, 40);
    await createUser(b.db, lapsed, 15);
    await createUser(b.db, dueGrowth, 15);
    await subscribe(pro, "growth", "active");
    await subscribe(pro, "pro", "on_trial");
    await subscribe(lapsed, "pro", "cancelled", new Date(Date.now() - 3600_000).toISOString());
    await subscribe(dueGrowth, "growth", "past_due");
    expect((await reserve(b.db, pro, { price: 5 })).code).toBe("ok");

    const found = await adminListUsers(b.db, { query: tag.toUpperCase(), plans: planRules() });
    expect(found.map((u) => u.id).sort()).toEqual([dueGrowth, lapsed, pro].sort());
    const byId = Object.fromEntries(found.map((u) => [u.id, u]));
    expect(byId[pro]).toMatchObject({ email: `${pro}@example.com`, plan: "pro", balance: 35, jobsInFlight: 1 });
    expect(byId[lapsed]).toMatchObject({ plan: "free", balance: 15, jobsInFlight: 0 });
    expect(byId[dueGrowth]).toMatchObject({ plan: "growth", balance: 15 });
    expect(typeof byId[pro].createdAt).toBe("string");

    const byEmail = await adminListUsers(b.db, { query: ` ${lapsed.slice(tag.length - 4)}@EXAMPLE.com `, plans: planRules() });
    expect(byEmail.map((u) => u.id)).toEqual([lapsed]);
    expect(await adminListUsers(b.db, { query: `${tag}_nobody`, plans: planRules() })).toEqual([]);
    expect((await adminListUsers(b.db, { query: "", limit: 2, plans: planRules() })).length).toBe(2);
  });

  it("adjusts through adjust_credits: the ledger row names the admin and the reason, and an audit row is written", async () => {
    const userId = uniqueUserId("adjusted");
    await createUser(b.db, userId, 15);
    const result = await adminAdjustCredits(b.db, { adminId, userId, delta: 25, reason: "  Refund for the outage  " });
    expect(result).toMatchObject({ code: "ok", balance: 40 });
    const ref = result.code === "ok" ? result.ref : "";
    expect(ref).toMatch(/^admin:/);

    expect(await balanceOf(userId)).toBe(40);
    const last = (await ledgerOf(userId)).at(-1)!;
    expect(last).toMatchObject({ delta: 25, reason: "adjustment", ref });
    expect(last.note).toContain("Refund for the outage");
    expect(last.note).toContain(adminId);

    expect(await auditOf(userId)).toEqual([
      { admin_id: adminId, action: "adjust_credits", details: { delta: 25, reason: "Refund for the outage", ledger_ref: ref, balance: 40 } },
    ]);
    const listed = (await adminListAudit(b.db, 500)).find((a) => a.targetUserId === userId);
    expect(listed).toMatchObject({ adminId, action: "adjust_credits", targetEmail: `${userId}@example.com` });

    expect(await adminAdjustCredits(b.db, { adminId, userId, delta: -40, reason: "Back to zero" })).toMatchObject({ code: "ok", balance: 0 });
    expect(await balanceOf(userId)).toBe(0);
  });

  it("refuses an empty reason, an overdraft, a zero delta and an unknown user, and writes nothing", async () => {
    const userId = uniqueUserId("refused");
    await createUser(b.db, userId, 15);
    const ledgerBefore = await ledgerOf(userId);

    for (const reason of ["", "   ", "ok"]) {
      expect((await adminAdjustCredits(b.db, { adminId, userId, delta: 10, reason })).code).toBe("reason_required");
    }
    expect(await adminAdjustCredits(b.db, { adminId, userId, delta: -16, reason: "Too much" })).toEqual({
      code: "insufficient_credits",
      balance: 15,
      price: 16,
    });
    expect((await adminAdjustCredits(b.db, { adminId, userId, delta: 0, reason: "Nothing at all" })).code).toBe("invalid_request");
    expect(await adminAdjustCredits(b.db, { adminId, userId: `${userId}_ghost`, delta: 5, reason: "Nobody" })).toEqual({ code: "unknown_user" });
    expect((await adminAdjustCredits(b.db, { adminId: `${adminId}_ghost`, userId, delta: 5, reason: "Not an admin row" })).code).toBe("invalid_request");

    expect(await balanceOf(userId)).toBe(15);
    expect(await ledgerOf(userId)).toEqual(ledgerBefore);
    expect(await auditOf(userId)).toEqual([]);
    expect(await auditOf(`${userId}_ghost`)).toEqual([]);
  });

  it("keeps admin_audit insert-only, even for the table's owner", async () => {
    const recorded = await adminRecord(b.db, { adminId, action: "replay_webhook", targetUserId: adminId, details: { event_id: 1 } });
    expect(recorded.code).toBe("ok");
    const id = recorded.code === "ok" ? recorded.id : 0;
    expect(await attemptAsRole(b.sql, null, "update admin_audit set action = 'nothing' where id = $1", [id])).toBe("42501");
    expect(await attemptAsRole(b.sql, null, "delete from admin_audit where id = $1", [id])).toBe("42501");
    expect(await attemptAsRole(b.sql, null, "truncate admin_audit")).toBe("42501");
    const [row] = await b.sql.query<{ action: string }>("select action from admin_audit where id = $1", [id]);
    expect(row.action).toBe("replay_webhook");
    expect((await adminRecord(b.db, { adminId, action: "  " })).code).toBe("invalid_request");
  });

  it("lists open jobs past their timeout, never-submitted ones and the last day's failures by provider, with whole counts", async () => {
    const tag = uniqueUserId("prov");
    const [fal, replicate] = [`${tag}_fal`, `${tag}_replicate`];
    const userId = uniqueUserId("jobs");
    await createUser(b.db, userId, 500);
    const job = async (provider: string) => (await reserve(b.db, userId, { provider })).generation!.id;

    const overdue = await job(fal);
    await b.sql.query("update generations set status = 'running', created_at = now() - interval '2 hours' where id = $1", [overdue]);
    const neverSubmitted = await job(fal);
    await b.sql.query("update generations set created_at = now() - interval '5 minutes' where id = $1", [neverSubmitted]);
    const fresh = await job(fal);
    const failed = await job(replicate);
    await failGeneration(b.db, failed, { code: "provider_failed", message: "upstream 500" });
    const failedLongAgo = await job(replicate);
    await failGeneration(b.db, failedLongAgo, { code: "provider_failed", message: "old" });
    await b.sql.query("update generations set finished_at = now() - interval '2 days' where id = $1", [failedLongAgo]);
    const alsoFailed = await job(fal);
    await failGeneration(b.db, alsoFailed, { code: "timeout", message: "too slow" });

    const { providers, jobs } = await adminStuckJobs(b.db, { limit: 50 });
    expect(providers.filter((p) => p.provider.startsWith(tag))).toEqual([
      { provider: fal, stuck: 2, failed: 1 },
      { provider: replicate, stuck: 0, failed: 1 },
    ]);
    const mine = jobs.filter((j) => j.provider.startsWith(tag));
    expect(mine.map((j) => [j.id, j.state])).toEqual([
      [neverSubmitted, "stuck"],
      [overdue, "stuck"],
      [alsoFailed, "failed"],
      [failed, "failed"],
    ]);
    expect(mine.map((j) => j.id)).not.toContain(fresh);
    expect(mine.find((j) => j.id === failed)).toMatchObject({ email: `${userId}@example.com`, status: "failed", refunded: true, price: 5, error: { message: "upstream 500" } });

    // At most `limit` jobs a provider; the counts stay whole.
    const one = await adminStuckJobs(b.db, { limit: 1 });
    expect(one.jobs.filter((j) => j.provider === fal).map((j) => j.id)).toEqual([neverSubmitted]);
    expect(one.providers.find((p) => p.provider === fal)).toEqual({ provider: fal, stuck: 2, failed: 1 });
  });

  it("lists failed webhook events and ones received but never finished, newest first", async () => {
    const tag = uniqueUserId("evt");
    const store = (name: string) =>
      recordWebhookEvent(b.db, {
        source: "lemonsqueezy",
        eventName: name,
        dedupeKey: `${tag}:${name}`,
        payload: { meta: { event_name: name, custom_data: { user_id: `${tag}_user` } }, data: { id: `${tag}_obj` } },
      });
    const failed = await store("subscription_payment_success");
    await finishWebhookEvent(b.db, { eventId: failed.id, status: "failed", error: "no such subscription" });
    const abandoned = await store("subscription_updated");
    await b.sql.query("update webhook_events set received_at = now() - interval '10 minutes' where id = $1", [abandoned.id]);
    const inFlight = await store("subscription_created");
    const ignored = await store("license_key_created");
    await finishWebhookEvent(b.db, { eventId: ignored.id, status: "ignored" });

    const events = (await adminFailedWebhookEvents(b.db, 500)).filter((e) => e.objectId === `${tag}_obj`);
    expect(events.map((e) => e.id)).toEqual([abandoned.id, failed.id]);
    expect(events[1]).toMatchObject({
      source: "lemonsqueezy",
      eventName: "subscription_payment_success",
      status: "failed",
      error: "no such subscription",
      attempts: 1,
      userId: `${tag}_user`,
    });
    expect(events.map((e) => e.id)).not.toContain(inFlight.id);
  });

  it("keeps each reconcile run and reads the latest", async () => {
    const startedAt = new Date(Date.now() - 2000);
    const { id } = await recordReconcileRun(b.db, {
      startedAt,
      checked: 3,
      drifted: [{ subscription_id: "sub_1", fields: ["status", "ends_at"] }],
      corrected: ["sub_1"],
      errors: [{ subscription_id: "sub_2", error: "Lemon Squeezy answered 404" }],
    });
    const last = await adminLastReconcile(b.db);
    expect(last).toMatchObject({
      id,
      checked: 3,
      drifted: [{ subscription_id: "sub_1", fields: ["status", "ends_at"] }],
      corrected: ["sub_1"],
      errors: [{ subscription_id: "sub_2", error: "Lemon Squeezy answered 404" }],
      skipped: null,
    });
    expect(new Date(last!.startedAt).getTime()).toBe(startedAt.getTime());
    expect(new Date(last!.finishedAt).getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
  });

  for (const role of ["anon", "authenticated"]) {
    it(`refuses every admin function and table to the ${role} role`, async () => {
      for (const [, statement] of ADMIN_CALLS) {
        const params = statement.includes("$1") ? [adminId] : [];
        expect([statement, await attemptAsRole(b.sql, role, statement, params)]).toEqual([statement, "42501"]);
      }
      for (const table of ["admin_audit", "reconcile_runs"]) {
        expect(await attemptAsRole(b.sql, role, `select * from ${table}`)).toBe("42501");
        expect(await attemptAsRole(b.sql, role, `delete from ${table}`)).toBe("42501");
      }
    });
  }

  it("grants the admin functions to the service role alone", async () => {
    const rows = await b.sql.query<{ name: string; anon: boolean; authenticated: boolean; public_role: boolean; service: boolean }>(
      `select p.proname as name,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
              exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                       where a.grantee = 0 and a.privilege_type = 'EXECUTE') as public_role,
              has_function_privilege('service_role', p.oid, 'execute') as service
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname = any ($1::text[])
        order by p.proname`,
      [ADMIN_CALLS.map(([name]) => name)],
    );
    expect(rows.map((r) => r.name).sort()).toEqual(ADMIN_CALLS.map(([name]) => name).sort());
    for (const r of rows) expect(r).toEqual({ name: r.name, anon: false, authenticated: false, public_role: false, service: true });
  });

  it("refuses the admin functions to the anon key over the data API", async () => {
    const rest = await startSupabaseRest(b.sql, { [ANON_KEY]: "anon" });
    try {
      const anon = openSupabase(rest.url, ANON_KEY);
      const userId = uniqueUserId("rest-admin");
      await createUser(b.db, userId, 15);
      await expect(anon.rpc("admin_adjust_credits", { p_admin_id: adminId, p_user_id: userId, p_delta: 1000, p_reason: "free money" })).rejects.toThrow(
        /permission denied/,
      );
      await expect(anon.rpc("admin_list_users", { p_query: "", p_limit: 10, p_plans: planRules() })).rejects.toThrow(/permission denied/);
      expect(await balanceOf(userId)).toBe(15);
      await anon.close();
    } finally {
      await rest.close();
    }
  });
});
