// The credit functions of supabase/migrations, one typed wrapper each: the only code that spells
// their argument names. Money itself is decided in SQL; these only carry values across.
import type { PlanId } from "@/lib/catalog";
import type { Db } from "../types";
import type { GenerationRow } from "./generations";

export type UserRow = { id: string; email: string | null; name: string | null; created_at: string };

export type ProvisionResult = { created: boolean; user: UserRow; balance: number };

/** Creates the user with `starterCredits` on first sight; later calls only refresh email and name. */
export async function provisionUser(
  db: Db,
  input: { userId: string; email?: string | null; name?: string | null; starterCredits: number },
): Promise<ProvisionResult> {
  const result = await db.rpc<ProvisionResult>("provision_user", {
    p_user_id: input.userId,
    p_email: input.email ?? null,
    p_name: input.name ?? null,
    p_starter_credits: input.starterCredits,
  });
  return { ...result, balance: Number(result.balance) };
}

/** A `user_subscriptions` row: a Lemon Squeezy subscription as we keep it. */
export type SubscriptionRow = {
  subscription_id: string;
  user_id: string;
  customer_id: string | null;
  order_id: string | null;
  variant_id: string | null;
  plan: PlanId;
  status: string;
  renews_at: string | null;
  ends_at: string | null;
  trial_ends_at: string | null;
  portal_url: string | null;
  source_updated_at: string;
};

export type AccountRow = { user: UserRow; balance: number; jobsInFlight: number; subscriptions: SubscriptionRow[] };

/** The user, their balance, jobs in flight and subscriptions (newest first); null for an unknown user. */
export async function getAccount(db: Db, userId: string): Promise<AccountRow | null> {
  const row = await db.rpc<{ user: UserRow; balance: number; jobs_in_flight: number; subscriptions: SubscriptionRow[] } | null>(
    "get_account",
    { p_user_id: userId },
  );
  if (!row) return null;
  return { user: row.user, balance: Number(row.balance), jobsInFlight: Number(row.jobs_in_flight), subscriptions: row.subscriptions };
}

export type LedgerRow = {
  id: number;
  delta: number;
  balance_after: number;
  reason: string;
  ref: string;
  note: string | null;
  created_at: string;
  /** The generation a reserve or refund row belongs to; null for other rows. */
  generation: { id: string; kind: string; model: string; status: string; errorCode: string | null } | null;
};

/** The user's most recent ledger rows, newest first, each with its generation where it has one. */
export async function listLedger(db: Db, userId: string, limit = 50): Promise<LedgerRow[]> {
  const rows = await db.rpc<LedgerRow[]>("list_ledger", { p_user_id: userId, p_limit: limit });
  return rows.map((r) => ({ ...r, id: Number(r.id), delta: Number(r.delta), balance_after: Number(r.balance_after) }));
}

/** What the reservation needs to know of the plans: rank, the access tiers each opens, jobs in flight. */
export type PlanRules = Record<string, { rank: number; access: readonly string[]; jobs_in_flight: number }>;

export type ReserveInput = {
  userId: string;
  kind: string;
  model: string;
  provider: string;
  prompt: string;
  params: Record<string, unknown>;
  price: number;
  /** The model's access tier; the user's effective plan must open it. */
  access: string;
  plans: PlanRules;
  timeoutSeconds: number;
  idempotencyKey?: string;
  requestHash?: string;
  /** Counts the request against this rate-limit bucket first, in the same step. */
  rateLimit?: { key: string; limit: number; windowSeconds: number };
};

export type ReserveResult =
  | { code: "ok"; generation: GenerationRow; balance: number; plan: string }
  | { code: "existing"; generation: GenerationRow; balance: number }
  | { code: "rate_limited"; retryAfter: number }
  | { code: "plan_required"; plan: string; requiredPlan: string }
  | { code: "insufficient_credits"; price: number; balance: number }
  | { code: "too_many_jobs"; limit: number; inFlight: number }
  | { code: "idempotency_conflict"; generationId: string }
  | { code: "unknown_user" }
  | { code: "invalid_request"; message: string };

type ReserveAnswer = {
  code: ReserveResult["code"];
  generation?: GenerationRow;
  generation_id?: string;
  balance?: number | string;
  price?: number | string;
  plan?: string;
  required_plan?: string;
  limit?: number;
  in_flight?: number;
  message?: string;
  retry_after?: number;
};

/**
 * Reserves a generation's price in one atomic step: plan access, balance, jobs in flight and the
 * idempotency key are decided together, and the generation row is written with the debit.
 */
export async function reserveGeneration(db: Db, input: ReserveInput): Promise<ReserveResult> {
  const r = await db.rpc<ReserveAnswer>("reserve_generation", {
    p_user_id: input.userId,
    p_kind: input.kind,
    p_model: input.model,
    p_provider: input.provider,
    p_prompt: input.prompt,
    p_params: input.params,
    p_price: input.price,
    p_access: input.access,
    p_plans: input.plans,
    p_timeout_seconds: input.timeoutSeconds,
    p_idempotency_key: input.idempotencyKey,
    p_request_hash: input.requestHash,
    p_rate_limit: input.rateLimit && { key: input.rateLimit.key, limit: input.rateLimit.limit, window_seconds: input.rateLimit.windowSeconds },
  });
  switch (r.code) {
    case "ok":
      return { code: "ok", generation: r.generation!, balance: Number(r.balance), plan: r.plan! };
    case "existing":
      return { code: "existing", generation: r.generation!, balance: Number(r.balance) };
    case "rate_limited":
      return { code: "rate_limited", retryAfter: Number(r.retry_after) };
    case "plan_required":
      return { code: "plan_required", plan: r.plan!, requiredPlan: r.required_plan! };
    case "insufficient_credits":
      return { code: "insufficient_credits", price: Number(r.price), balance: Number(r.balance) };
    case "too_many_jobs":
      return { code: "too_many_jobs", limit: Number(r.limit), inFlight: Number(r.in_flight) };
    case "idempotency_conflict":
      return { code: "idempotency_conflict", generationId: r.generation_id! };
    case "unknown_user":
      return { code: "unknown_user" };
    case "invalid_request":
      return { code: "invalid_request", message: r.message ?? "invalid reservation" };
  }
}

export type AdjustResult =
  | { code: "ok"; balance: number }
  | { code: "insufficient_credits"; balance: number; price: number }
  | { code: "unknown_user" }
  | { code: "invalid_request"; message: string };

/** An operator's correction; `reason` is mandatory so the ledger explains every movement. */
export async function adjustCredits(db: Db, input: { userId: string; delta: number; reason: string; ref?: string }): Promise<AdjustResult> {
  const r = await db.rpc<AdjustResult>("adjust_credits", {
    p_user_id: input.userId,
    p_delta: input.delta,
    p_reason: input.reason,
    p_ref: input.ref,
  });
  if (r.code === "ok") return { code: "ok", balance: Number(r.balance) };
  if (r.code === "insufficient_credits") return { code: r.code, balance: Number(r.balance), price: Number(r.price) };
  return r;
}

export type GrantResult =
  | { code: "granted"; delta: number; balance: number }
  | { code: "duplicate"; balance: number }
  | { code: "unknown_user" }
  | { code: "invalid_request"; message: string };

/** "Replenish to `target`": the balance becomes max(balance, target), once per `ref`. */
export async function grantPlanCredits(db: Db, input: { userId: string; target: number; ref: string; note?: string }): Promise<GrantResult> {
  const r = await db.rpc<GrantResult>("grant_plan_credits", {
    p_user_id: input.userId,
    p_target: input.target,
    p_ref: input.ref,
    p_note: input.note,
  });
  if (r.code === "granted") return { code: r.code, delta: Number(r.delta), balance: Number(r.balance) };
  if (r.code === "duplicate") return { code: r.code, balance: Number(r.balance) };
  return r;
}
