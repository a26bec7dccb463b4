// The admin functions of supabase/migrations, one typed wrapper each: the only code that spells
// their argument names. Rows come back with numbers as numbers and names in camelCase.
import type { Db } from "../types";
import type { PlanRules } from "./credits";

export type AdminUser = {
  id: string;
  email: string | null;
  name: string | null;
  plan: string;
  balance: number;
  jobsInFlight: number;
  createdAt: string;
};

type AdminUserRow = {
  id: string;
  email: string | null;
  name: string | null;
  plan: string;
  balance: number | string;
  jobs_in_flight: number | string;
  created_at: string;
};

/** Users whose email or id contains `query` (every user without one), newest first, with their effective plan. */
export async function adminListUsers(db: Db, input: { query?: string | null; limit?: number; plans: PlanRules }): Promise<AdminUser[]> {
  const rows = await db.rpc<AdminUserRow[]>("admin_list_users", {
    p_query: input.query ?? null,
    p_limit: input.limit ?? 50,
    p_plans: input.plans,
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    plan: r.plan,
    balance: Number(r.balance),
    jobsInFlight: Number(r.jobs_in_flight),
    createdAt: r.created_at,
  }));
}

export type AdminAdjustResult =
  | { code: "ok"; balance: number; ref: string }
  | { code: "insufficient_credits"; balance: number; price: number }
  | { code: "reason_required"; message: string }
  | { code: "unknown_user" }
  | { code: "invalid_request"; message: string };

/** An admin's adjustment through adjust_credits: the ledger row names the admin and the reason, and an audit row is written. */
export async function adminAdjustCredits(
  db: Db,
  input: { adminId: string; userId: string; delta: number; reason: string },
): Promise<AdminAdjustResult> {
  const r = await db.rpc<{ code: AdminAdjustResult["code"]; balance?: number | string; price?: number | string; ref?: string; message?: string }>(
    "admin_adjust_credits",
    { p_admin_id: input.adminId, p_user_id: input.userId, p_delta: input.delta, p_reason: input.reason },
  );
  switch (r.code) {
    case "ok":
      return { code: "ok", balance: Number(r.balance), ref: r.ref! };
    case "insufficient_credits":
      return { code: "insufficient_credits", balance: Number(r.balance), price: Number(r.price) };
    case "unknown_user":
      return { code: "unknown_user" };
    case "reason_required":
    case "invalid_request":
      return { code: r.code, message: r.message ?? "the adjustment was refused" };
  }
}

export type AdminRecordResult = { code: "ok"; id: number } | { code: "invalid_request"; message: string };

/** Writes an audit row for an admin action other than an adjustment. */
export async function adminRecord(
  db: Db,
  input: { adminId: string; action: string; targetUserId?: string | null; details?: Record<string, unknown> },
): Promise<AdminRecordResult> {
  const r = await db.rpc<{ code: "ok"; id: number | string } | { code: "invalid_request"; message: string }>("admin_record", {
    p_admin_id: input.adminId,
    p_action: input.action,
    p_target: input.targetUserId ?? null,
    p_details: input.details ?? {},
  });
  return r.code === "ok" ? { code: "ok", id: Number(r.id) } : r;
}

export type AdminAuditEntry = {
  id: number;
  adminId: string;
  adminEmail: string | null;
  action: string;
  targetUserId: string | null;
  targetEmail: string | null;
  details: Record<string, unknown>;
  createdAt: string;
};

/** The latest audit rows, newest first. */
export async function adminListAudit(db: Db, limit = 50): Promise<AdminAuditEntry[]> {
  const rows = await db.rpc<
    {
      id: number | string;
      admin_id: string;
      admin_email: string | null;
      action: string;
      target_user_id: string | null;
      target_email: string | null;
      details: Record<string, unknown>;
      created_at: string;
    }[]
  >("admin_list_audit", { p_limit: limit });
  return rows.map((r) => ({
    id: Number(r.id),
    adminId: r.admin_id,
    adminEmail: r.admin_email,
    action: r.action,
    targetUserId: r.target_user_id,
    targetEmail: r.target_email,
    details: r.details,
    createdAt: r.created_at,
  }));
}

export type StuckJob = {
  id: string;
  userId: string;
  email: string | null;
  provider: string;
  providerJobId: string | null;
  kind: string;
  model: string;
  status: "queued" | "running" | "failed";
  /** "stuck": open past its timeout (or never submitted); "failed": failed in the last 24 hours. */
  state: "stuck" | "failed";
  price: number;
  refunded: boolean;
  error: { code?: string; message?: string } | null;
  timeoutSeconds: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type ProviderJobCounts = { provider: string; stuck: number; failed: number };

export type StuckJobs = { providers: ProviderJobCounts[]; jobs: StuckJob[] };

type StuckJobRow = {
  id: string;
  user_id: string;
  email: string | null;
  provider: string;
  provider_job_id: string | null;
  kind: string;
  model: string;
  status: StuckJob["status"];
  state: StuckJob["state"];
  price: number | string;
  refunded: boolean;
  error: StuckJob["error"];
  timeout_seconds: number | string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};

/** Stuck and recently failed jobs by provider: whole counts, and at most `limit` jobs of each provider. */
export async function adminStuckJobs(db: Db, input: { limit?: number; queuedSeconds?: number } = {}): Promise<StuckJobs> {
  const r = await db.rpc<{ providers: { provider: string; stuck: number | string; failed: number | string }[]; jobs: StuckJobRow[] }>(
    "admin_stuck_jobs",
    { p_limit: input.limit ?? 50, p_queued_seconds: input.queuedSeconds },
  );
  return {
    providers: r.providers.map((p) => ({ provider: p.provider, stuck: Number(p.stuck), failed: Number(p.failed) })),
    jobs: r.jobs.map((j) => ({
      id: j.id,
      userId: j.user_id,
      email: j.email,
      provider: j.provider,
      providerJobId: j.provider_job_id,
      kind: j.kind,
      model: j.model,
      status: j.status,
      state: j.state,
      price: Number(j.price),
      refunded: j.refunded,
      error: j.error,
      timeoutSeconds: Number(j.timeout_seconds),
      createdAt: j.created_at,
      startedAt: j.started_at,
      finishedAt: j.finished_at,
    })),
  };
}

export type FailedWebhookEvent = {
  id: number;
  source: string;
  eventName: string;
  status: string;
  error: string | null;
  attempts: number;
  userId: string | null;
  objectId: string | null;
  receivedAt: string;
  lastAttemptAt: string | null;
};

/** Webhook events that did not apply (failed, or received and never finished), newest first. */
export async function adminFailedWebhookEvents(db: Db, limit = 50): Promise<FailedWebhookEvent[]> {
  const rows = await db.rpc<
    {
      id: number | string;
      source: string;
      event_name: string;
      status: string;
      error: string | null;
      attempts: number | string;
      user_id: string | null;
      object_id: string | null;
      received_at: string;
      last_attempt_at: string | null;
    }[]
  >("admin_failed_webhook_events", { p_limit: limit });
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    eventName: r.event_name,
    status: r.status,
    error: r.error,
    attempts: Number(r.attempts),
    userId: r.user_id,
    objectId: r.object_id,
    receivedAt: r.received_at,
    lastAttemptAt: r.last_attempt_at,
  }));
}

export type DriftedSubscription = { subscription_id: string; fields: string[] };
export type ReconcileError = { subscription_id: string; error: string };

export type ReconcileRun = {
  id: number;
  startedAt: string;
  finishedAt: string;
  checked: number;
  drifted: DriftedSubscription[];
  corrected: string[];
  errors: ReconcileError[];
  skipped: string | null;
};

/** Keeps one reconciliation's outcome for the admin console. */
export async function recordReconcileRun(
  db: Db,
  input: { startedAt: Date; checked: number; drifted: DriftedSubscription[]; corrected: string[]; errors: ReconcileError[]; skipped?: string | null },
): Promise<{ id: number }> {
  const r = await db.rpc<{ id: number | string }>("record_reconcile_run", {
    p_started_at: input.startedAt.toISOString(),
    p_checked: input.checked,
    p_drifted: input.drifted,
    p_corrected: input.corrected,
    p_errors: input.errors,
    p_skipped: input.skipped ?? null,
  });
  return { id: Number(r.id) };
}

/** The latest reconciliation, or null when none ran yet. */
export async function adminLastReconcile(db: Db): Promise<ReconcileRun | null> {
  const r = await db.rpc<{
    id: number | string;
    started_at: string;
    finished_at: string;
    checked: number | string;
    drifted: DriftedSubscription[];
    corrected: string[];
    errors: ReconcileError[];
    skipped: string | null;
  } | null>("admin_last_reconcile");
  if (!r) return null;
  return {
    id: Number(r.id),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    checked: Number(r.checked),
    drifted: r.drifted,
    corrected: r.corrected,
    errors: r.errors,
    skipped: r.skipped,
  };
}
