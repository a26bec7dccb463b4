// The generation functions of supabase/migrations, one typed wrapper each: the only code that
// spells their argument names. Rows come back as the SQL returns them (to_jsonb of the table).
import type { GenerationParams } from "@/lib/providers/types";
import type { Db } from "../types";

/** An output kept in durable storage, as recorded on the generation. */
export type StoredOutput = { key: string; contentType: string; size: number };

/** A `generations` row. */
export type GenerationRow = {
  id: string;
  user_id: string;
  kind: "image" | "video" | "director" | "chat" | "text";
  model: string;
  provider: string;
  prompt: string;
  params: GenerationParams;
  price: number;
  status: "queued" | "running" | "succeeded" | "failed";
  provider_job_id: string | null;
  outputs: StoredOutput[] | null;
  error: { code: string; message: string } | null;
  refunded: boolean;
  timeout_seconds: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  polled_at: string | null;
  /** Requests ahead of this one at its provider, while the provider holds it queued and says so. */
  queue_position?: number | null;
  /** A multi-step job's steps in order (Director); null for a one-call job. */
  steps: GenerationStep[] | null;
};

export type StepStatus = "submitting" | "running" | "succeeded" | "failed" | "cancelled";

/** One provider step of a multi-step job, as the step functions of the director migration keep it. */
export type GenerationStep = {
  name: string;
  status: StepStatus;
  provider_job_id?: string;
  /** What the step produced for the next one (a reference id, a stored keyframe). */
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
  attempts: number;
  lease_until?: string | null;
  submitted_at?: string;
  started_at?: string;
  finished_at?: string;
};

export type Finished = { code: "already_finished"; generation: GenerationRow } | { code: "not_found" };

export function getGeneration(db: Db, userId: string, id: string) {
  return db.rpc<GenerationRow | null>("get_generation", { p_user_id: userId, p_id: id });
}

/** A job by id, whoever owns it: for the sweeper, never for a user's request. */
export function getGenerationById(db: Db, id: string) {
  return db.rpc<GenerationRow | null>("get_generation_by_id", { p_id: id });
}

export type GenerationPage =
  | { code: "ok"; items: GenerationRow[]; nextCursor: string | null }
  | { code: "invalid_cursor" };

/** History, newest first; `cursor` is the previous page's `nextCursor`, as the database wrote it. */
export async function listGenerations(db: Db, input: { userId: string; limit: number; cursor?: string; kind?: string }): Promise<GenerationPage> {
  const page = await db.rpc<{ code: "ok"; items: GenerationRow[]; next_cursor: string | null } | { code: "invalid_cursor" }>(
    "list_generations",
    { p_user_id: input.userId, p_limit: input.limit, p_cursor: input.cursor, p_kind: input.kind },
  );
  return page.code === "ok" ? { code: "ok", items: page.items, nextCursor: page.next_cursor } : page;
}

export function findGenerationByProviderJob(db: Db, provider: string, providerJobId: string) {
  return db.rpc<GenerationRow | null>("find_generation_by_provider_job", { p_provider: provider, p_job_id: providerJobId });
}

/** A dispatched job: running at its provider, or waiting there with `queuePosition` requests ahead. */
export function markGenerationRunning(db: Db, id: string, providerJobId: string, queuePosition: number | null = null) {
  return db.rpc<{ code: "ok"; generation: GenerationRow } | Finished>("mark_generation_running", {
    p_generation_id: id,
    p_provider_job_id: providerJobId,
    p_queue_position: queuePosition,
  });
}

/**
 * Completes a job with its stored outputs. `durable: false` commits without waiting for the WAL
 * flush (complete_generation_async): safe for a success, whose reservation was committed before.
 */
export function completeGeneration(db: Db, id: string, outputs: StoredOutput[], options: { durable?: boolean } = {}) {
  return db.rpc<{ code: "ok"; generation: GenerationRow } | Finished>(
    options.durable === false ? "complete_generation_async" : "complete_generation",
    { p_generation_id: id, p_outputs: outputs },
  );
}

export type FailResult = { code: "refunded"; generation: GenerationRow; balance: number } | Finished;

/** Fails and refunds a job, once: a job already finished answers already_finished. */
export async function failGeneration(db: Db, id: string, error: Record<string, unknown>): Promise<FailResult> {
  const result = await db.rpc<FailResult>("fail_generation", { p_generation_id: id, p_error: error });
  return result.code === "refunded" ? { ...result, balance: Number(result.balance) } : result;
}

export type PollClaim = { claimed: boolean; expired: boolean; generation: GenerationRow } | { claimed: false; code: "not_found" };

/** Whether this caller may ask the provider about an open job now (one poll per interval, across processes). */
export async function claimGenerationPoll(db: Db, id: string, minIntervalSeconds: number): Promise<PollClaim> {
  return db.rpc<PollClaim>("claim_generation_poll", { p_id: id, p_min_interval_seconds: minIntervalSeconds });
}

export type FinishClaim = { claimed: boolean; generation: GenerationRow } | { claimed: false; code: "not_found" };

/** The finishing lease of an open job: one finisher copies the outputs and completes it. */
export function claimGenerationFinish(db: Db, id: string, leaseSeconds: number) {
  return db.rpc<FinishClaim>("claim_generation_finish", { p_id: id, p_lease_seconds: leaseSeconds });
}

export async function releaseGenerationFinish(db: Db, id: string): Promise<void> {
  await db.rpc("release_generation_finish", { p_id: id });
}

/** Running jobs nobody polled for `minIntervalSeconds`, oldest poll first. */
export function listGenerationsToRefresh(db: Db, minIntervalSeconds: number, limit = 50) {
  return db.rpc<GenerationRow[]>("list_generations_to_refresh", { p_min_interval_seconds: minIntervalSeconds, p_limit: limit });
}

/** Fails and refunds, once each, jobs never submitted after the grace period and jobs past their timeout. */
export function sweepGenerations(db: Db, input: { queuedGraceSeconds: number; limit?: number }) {
  return db.rpc<{ swept: string[] }>("sweep_generations", { p_queued_grace_seconds: input.queuedGraceSeconds, p_limit: input.limit });
}
