import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSupabase } from "../../lib/db/supabase";
import { ANON_KEY, SERVICE_KEY, backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { startSupabaseRest } from "../support/supabase-rest";
import { createUser, plansWithJobsInFlight, reserve } from "./money";
import { attemptAsRole } from "../support/attempt-as-role";


const sqlBackends = backendFactories().filter((f) => f.name !== "supabase-js");

describe.each(sqlBackends)("privileges on $name", ({ open }) => {
  let b: Backend;
  let userId: string;
  let generationId: string;
  beforeAll(async () => {
    b = await open();
    userId = uniqueUserId("priv");
    await createUser(b.db, userId, 50);
    generationId = (await reserve(b.db, userId)).generation!.id;
  });
  afterAll(async () => {
    await b?.close();
  });

  const moneyCalls = [
    ["provision_user", "select provision_user('intruder', null, null, 1000)"],
    ["reserve_generation", "select reserve_generation($1, 'image', 'flux-schnell', 'replicate', 'x', '{}'::jsonb, 0, 'standard', '{\"free\": {\"rank\": 0, \"access\": [\"standard\"], \"jobs_in_flight\": 99}}'::jsonb, 60)"],
    ["fail_generation", "select fail_generation($1::uuid, '{}'::jsonb)"],
    ["complete_generation", "select complete_generation($1::uuid, '[]'::jsonb)"],
    ["grant_plan_credits", "select grant_plan_credits($1, 100000, 'stolen', null)"],
    ["adjust_credits", "select adjust_credits($1, 100000, 'because', null)"],
    ["sweep_generations", "select sweep_generations(0, 10)"],
  ] as const;

  for (const role of ["anon", "authenticated"]) {
    for (const [name, statement] of moneyCalls) {
      it(`refuses ${name} to the ${role} role`, async () => {
        const params = statement.includes("$1::uuid") ? [generationId] : statement.includes("$1") ? [userId] : [];
        expect(await attemptAsRole(b.sql, role, statement, params)).toBe("42501");
      });
    }

    it(`refuses the ${role} role any write to balances, the ledger, plans or job status`, async () => {
      expect(await attemptAsRole(b.sql, role, "update user_credits set balance = 1000000 where user_id = $1", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "update credit_ledger set delta = 1000000 where user_id = $1", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "insert into credit_ledger (user_id, delta, balance_after, reason, ref) values ($1, 10, 60, 'adjustment', 'x')", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "update generations set status = 'succeeded' where user_id = $1", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "insert into user_subscriptions (subscription_id, user_id, plan, status, source_updated_at) values ('s', $1, 'pro', 'active', now())", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "select balance from user_credits where user_id = $1", [userId])).toBe("42501");
    });
  }

  it("refuses even the owner a balance change that has no ledger row", async () => {
    expect(await attemptAsRole(b.sql, null, "update user_credits set balance = balance + 100 where user_id = $1", [userId])).toBe("42501");
    expect(await attemptAsRole(b.sql, null, "insert into users (id) values ($1)", [`${userId}_b`])).toBe("allowed");
    expect(await attemptAsRole(b.sql, null, "insert into user_credits (user_id, balance) values ($1, 500)", [`${userId}_b`])).toBe("23514");
  });

  it("keeps the ledger append-only and consistent with the balance", async () => {
    expect(await attemptAsRole(b.sql, null, "update credit_ledger set delta = 1000 where user_id = $1", [userId])).toBe("42501");
    expect(await attemptAsRole(b.sql, null, "delete from credit_ledger where user_id = $1", [userId])).toBe("42501");
    expect(await attemptAsRole(b.sql, null, "truncate credit_ledger cascade")).toBe("42501");
    // A row whose balance_after does not match what the account then holds is refused.
    expect(
      await attemptAsRole(b.sql, null, "insert into credit_ledger (user_id, delta, balance_after, reason, ref) values ($1, 10, 9999, 'adjustment', 'x')", [userId]),
    ).toBe("23514");
    // A row that would take the balance below zero is refused by the CHECK.
    expect(
      await attemptAsRole(b.sql, null, "insert into credit_ledger (user_id, delta, balance_after, reason, ref) values ($1, -1000, 0, 'adjustment', 'y')", [userId]),
    ).toBe("23514");
    const [{ balance }] = await b.sql.query<{ balance: number }>("select balance from user_credits where user_id = $1", [userId]);
    const [{ sum }] = await b.sql.query<{ sum: number }>("select sum(delta)::bigint as sum from credit_ledger where user_id = $1", [userId]);
    expect(balance).toBe(45);
    expect(sum).toBe(45);
  });
});

describe.each(sqlBackends)("supabase-js over HTTP on $name", ({ open }) => {
  let b: Backend;
  let rest: Awaited<ReturnType<typeof startSupabaseRest>>;
  beforeAll(async () => {
    b = await open();
    rest = await startSupabaseRest(b.sql, { [SERVICE_KEY]: "service_role", [ANON_KEY]: "anon" });
  });
  afterAll(async () => {
    await rest?.close();
    await b?.close();
  });

  it("sends PostgREST's rpc request: POST /rest/v1/rpc/<fn>, API key headers, named arguments", async () => {
    const db = openSupabase(rest.url, SERVICE_KEY);
    const userId = uniqueUserId("rest");
    await createUser(db, userId, 15);
    const result = await reserve(db, userId, { price: 5, idempotencyKey: undefined });
    expect(result.code).toBe("ok");
    expect(result.balance).toBe(10);

    const call = rest.requests.find((r) => r.path === "/rest/v1/rpc/reserve_generation")!;
    expect(call.method).toBe("POST");
    expect(call.headers["apikey"]).toBe(SERVICE_KEY);
    expect(call.headers["authorization"]).toBe(`Bearer ${SERVICE_KEY}`);
    expect(call.headers["content-type"]).toMatch(/^application\/json/);
    expect(call.body).toEqual({
      p_user_id: userId,
      p_kind: "image",
      p_model: "flux-schnell",
      p_provider: "replicate",
      p_prompt: "a lighthouse at dusk",
      p_params: { aspect: "1:1" },
      p_price: 5,
      p_access: "standard",
      p_plans: plansWithJobsInFlight(1000),
      p_timeout_seconds: 180,
    });
  });

  it("refuses the money functions to the anon key", async () => {
    const anon = openSupabase(rest.url, ANON_KEY);
    const userId = uniqueUserId("rest-anon");
    await expect(anon.rpc("provision_user", { p_user_id: userId, p_starter_credits: 1000 })).rejects.toThrow(/permission denied/);
    const [{ count }] = await b.sql.query<{ count: number }>("select count(*)::int as count from users where id = $1", [userId]);
    expect(count).toBe(0);
  });
});
