// The director migration's functions, one typed wrapper each: the steps of a multi-step job and
// the saved characters. The only code that spells their argument names.
import type { Db } from "../types";
import type { FailResult, GenerationRow } from "./generations";

type Ended = { code: "already_finished"; generation: GenerationRow } | { code: "not_found" };

export type StepClaim = { code: "claimed"; generation: GenerationRow } | { code: "held"; generation: GenerationRow } | Ended;

/** The right to submit step `index` (the next one, or one whose holder's lease ran out). */
export function claimGenerationStep(db: Db, input: { id: string; index: number; name: string; leaseSeconds: number }) {
  return db.rpc<StepClaim>("claim_generation_step", {
    p_id: input.id,
    p_index: input.index,
    p_name: input.name,
    p_lease_seconds: input.leaseSeconds,
  });
}

export type StepMoved = { code: "ok"; generation: GenerationRow } | Ended;

/** A claimed step was accepted upstream under this job id. */
export function markGenerationStepRunning(db: Db, id: string, index: number, providerJobId: string) {
  return db.rpc<StepMoved>("mark_generation_step_running", { p_id: id, p_index: index, p_provider_job_id: providerJobId });
}

/** A step's success, once: `ok` to the one caller that goes on to the next step. */
export function finishGenerationStep(db: Db, input: { id: string; index: number; providerJobId?: string; output: Record<string, unknown> }) {
  return db.rpc<StepMoved>("finish_generation_step", {
    p_id: input.id,
    p_index: input.index,
    p_provider_job_id: input.providerJobId ?? null,
    p_output: input.output,
  });
}

/** A step's failure: the job fails and its reservation is refunded, once. */
export async function failGenerationStep(db: Db, id: string, index: number, error: Record<string, unknown>): Promise<FailResult> {
  const result = await db.rpc<FailResult>("fail_generation_step", { p_id: id, p_index: index, p_error: error });
  return result.code === "refunded" ? { ...result, balance: Number(result.balance) } : result;
}

/** A `characters` row. */
export type CharacterRow = {
  id: string;
  user_id: string;
  provider: string;
  name: string;
  anchors_hash: string;
  anchor_keys: string[];
  status: "training" | "ready" | "failed";
  reference_id: string | null;
  error: string | null;
  training_until: string | null;
  created_at: string;
  updated_at: string;
};

export type EnsuredCharacter = { code: "created" | "retrain" | "existing"; character: CharacterRow };

/** The user's character for these anchors, created (or set to train again after a failure) when needed. */
export function ensureCharacter(db: Db, input: { userId: string; provider: string; anchorsHash: string; anchorKeys: string[]; name: string }) {
  return db.rpc<EnsuredCharacter>("ensure_character", {
    p_user_id: input.userId,
    p_provider: input.provider,
    p_anchors_hash: input.anchorsHash,
    p_anchor_keys: input.anchorKeys,
    p_name: input.name,
  });
}

/** Whether this caller may start the character's training upstream now. */
export function claimCharacterTraining(db: Db, id: string, leaseSeconds: number) {
  return db.rpc<boolean>("claim_character_training", { p_id: id, p_lease_seconds: leaseSeconds });
}

export function setCharacterReference(db: Db, id: string, referenceId: string) {
  return db.rpc<CharacterRow | null>("set_character_reference", { p_id: id, p_reference_id: referenceId });
}

/** Training ended: ready, or failed with the provider's reason. Null when someone else recorded it. */
export function finishCharacter(db: Db, input: { id: string; referenceId: string; ready: boolean; error?: string }) {
  return db.rpc<CharacterRow | null>("finish_character", {
    p_id: input.id,
    p_reference_id: input.referenceId,
    p_ready: input.ready,
    p_error: input.error ?? null,
  });
}

export function getCharacter(db: Db, userId: string, id: string) {
  return db.rpc<CharacterRow | null>("get_character", { p_user_id: userId, p_id: id });
}

export function listCharacters(db: Db, userId: string, limit = 50) {
  return db.rpc<CharacterRow[]>("list_characters", { p_user_id: userId, p_limit: limit });
}

export function renameCharacter(db: Db, userId: string, id: string, name: string) {
  return db.rpc<CharacterRow | null>("rename_character", { p_user_id: userId, p_id: id, p_name: name });
}
