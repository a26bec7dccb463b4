import "server-only";
import type { Model } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import {
  claimCharacterTraining,
  claimGenerationStep,
  ensureCharacter,
  failGenerationStep,
  finishCharacter,
  finishGenerationStep,
  getCharacter,
  markGenerationStepRunning,
  setCharacterReference,
  type CharacterRow,
} from "@/lib/db/functions/director";
import type { GenerationStep } from "@/lib/db/functions/generations";
import { applyJobState, failGeneration, type Applied } from "@/lib/generations/apply-job-state";
import { failureError, generationError, type GenerationError } from "@/lib/generations/failure-error";
import { isOpen, type GenerationRow, type StoredOutput } from "@/lib/generations/generation-row";
import { failedJobState } from "@/lib/generations/poll-job";
import { OutputStoreError, storeOutputs } from "@/lib/generations/store-outputs";
import { errorFields, logger } from "@/lib/log/logger";
import { ProviderError, type DirectorSteps, type JobState, type Provider } from "@/lib/providers/types";
import { getArtifactStore } from "@/lib/storage/artifact-store";
import { storeAnchors, type Anchor } from "./anchors";

// A Director job is three provider steps under one reservation: character (a Soul ID trained from
// the anchors, or a saved one), keyframe (a Soul image of the prompt with it), shot (the keyframe
// animated with the camera move). Each step's state is kept on the generation by the step
// functions in SQL, so whoever looks at the job next (the request that started it, a poll, the
// sweeper after a restart) carries it on from where it is: a step that finished upstream is
// recorded once and the next one is claimed and submitted once. Any step failing refunds the job
// once; passing the job's timeout does too (refreshGeneration, the sweeper).

export const DIRECTOR_STEPS = ["character", "keyframe", "shot"] as const;
export type DirectorStepName = (typeof DIRECTOR_STEPS)[number];

/** How long a claim to submit a step holds before another process may take it over. */
const SUBMIT_LEASE_SECONDS = Number(process.env.DIRECTOR_STEP_LEASE_SECONDS) || 60;
const TRAINING_LEASE_SECONDS = SUBMIT_LEASE_SECONDS;
/** How long the provider may take to fetch an input image through its signed link. */
const INPUT_URL_SECONDS = 30 * 60;
/** A character step runs under this job id: our character, whose training any process can check. */
const CHARACTER_JOB = "character:";

type Step = { index: number; name: DirectorStepName; step: GenerationStep };

function currentStep(row: GenerationRow): Step | undefined {
  const steps = row.steps ?? [];
  const index = steps.length - 1;
  return index < 0 ? undefined : { index, name: steps[index]!.name as DirectorStepName, step: steps[index]! };
}

function stepsOf(provider: Provider): DirectorSteps {
  if (!provider.director) throw new Error(`the ${provider.id} provider runs no Director steps`);
  return provider.director;
}

/** What the job needs from its character step: the provider's reference id. */
function referenceOf(row: GenerationRow): string {
  const reference = row.steps?.[0]?.output?.referenceId;
  if (typeof reference !== "string") throw new Error(`generation ${row.id} has no trained character`);
  return reference;
}

function keyframeOf(row: GenerationRow): StoredOutput {
  const keyframe = row.steps?.[1]?.output?.keyframe as StoredOutput | undefined;
  if (!keyframe?.key) throw new Error(`generation ${row.id} has no keyframe`);
  return keyframe;
}

async function failStep(db: Db, row: GenerationRow, index: number, error: GenerationError & Record<string, unknown>): Promise<Applied> {
  const result = await failGenerationStep(db, row.id, index, error);
  if (result.code === "refunded") {
    logger.info({ event: "refunded", generationId: row.id, step: DIRECTOR_STEPS[index], outcome: error.code, balance: result.balance }, "job");
    return { generation: result.generation, balance: result.balance };
  }
  return { generation: result.code === "already_finished" ? result.generation : row };
}

function failureOf(state: Extract<JobState, { status: "failed" }>) {
  return { ...failureError(state.failure), providerStatus: state.failure.providerStatus };
}

/** The character of the job: the saved one it names, or the one its anchors train. */
async function characterOf(db: Db, row: GenerationRow, provider: Provider): Promise<CharacterRow> {
  const { characterId, anchorKeys, anchorsHash, characterName } = row.params;
  if (characterId) {
    const character = await getCharacter(db, row.user_id, characterId);
    if (!character) throw new ProviderError({ kind: "rejected", message: "The saved character no longer exists." });
    return character;
  }
  if (!anchorKeys?.length || !anchorsHash) throw new Error(`generation ${row.id} has neither a character nor anchors`);
  const ensured = await ensureCharacter(db, {
    userId: row.user_id,
    provider: provider.id,
    anchorsHash,
    anchorKeys,
    name: characterName || `Character ${new Date(row.created_at).toISOString().slice(0, 10)}`,
  });
  return ensured.character;
}

/**
 * Where the character's training stands, moving it along: its training is started (once, under a
 * lease) when nobody has started it, and its end is recorded on the character once.
 */
async function checkCharacter(db: Db, provider: Provider, row: GenerationRow, index: number, character: CharacterRow): Promise<Applied> {
  const steps = stepsOf(provider);
  let current = character;
  if (current.status === "training" && !current.reference_id) {
    if (!(await claimCharacterTraining(db, current.id, TRAINING_LEASE_SECONDS))) return { generation: row };
    const store = getArtifactStore();
    const anchorUrls = await Promise.all(current.anchor_keys.map((key) => store.signedUrl(key, INPUT_URL_SECONDS)));
    let referenceId: string;
    try {
      ({ referenceId } = await steps.trainCharacter({ name: current.name, anchorUrls }));
    } catch (error) {
      const state = failedJobState(error);
      if (state.status !== "failed") throw error;
      await finishCharacter(db, { id: current.id, referenceId: "", ready: false, error: state.failure.message }).catch(() => null);
      return failStep(db, row, index, failureOf(state));
    }
    current = (await setCharacterReference(db, current.id, referenceId)) ?? current;
    logger.info({ generationId: row.id, characterId: current.id }, "character training started");
  }
  if (current.status === "training" && current.reference_id) {
    const training = await steps.trainingStatus(current.reference_id);
    if (training.status === "training") return { generation: row };
    current =
      (await finishCharacter(db, {
        id: current.id,
        referenceId: current.reference_id,
        ready: training.status === "ready",
        error: training.status === "failed" ? training.failure.message : undefined,
      })) ?? (await getCharacter(db, row.user_id, current.id)) ?? current;
  }
  if (current.status === "failed") {
    return failStep(db, row, index, generationError("character_failed", `The character could not be trained${current.error ? ` (${current.error})` : ""}.`));
  }
  if (current.status !== "ready" || !current.reference_id) return { generation: row };
  const finished = await finishGenerationStep(db, {
    id: row.id,
    index,
    output: { characterId: current.id, referenceId: current.reference_id },
  });
  return { generation: "generation" in finished ? finished.generation : row };
}

/** Sends a claimed step to the provider and records that it runs (or how it ended). */
async function submitStep(db: Db, provider: Provider, model: Model, row: GenerationRow, index: number): Promise<Applied> {
  const name = DIRECTOR_STEPS[index]!;
  const steps = stepsOf(provider);
  // The same key on every attempt: a submit repeated after a crash finds the first one's job.
  const idempotencyKey = `${row.id}:${name}`;
  try {
    if (name === "character") {
      const character = await characterOf(db, row, provider);
      const running = await markGenerationStepRunning(db, row.id, index, `${CHARACTER_JOB}${character.id}`);
      if (running.code !== "ok") return { generation: "generation" in running ? running.generation : row };
      return checkCharacter(db, provider, running.generation, index, character);
    }
    const state =
      name === "keyframe"
        ? await steps.submitKeyframe({ model, prompt: row.prompt, referenceId: referenceOf(row), aspect: row.params.aspect, idempotencyKey })
        : await steps.submitShot({
            model,
            prompt: row.prompt,
            imageUrl: await getArtifactStore().signedUrl(keyframeOf(row).key, INPUT_URL_SECONDS),
            motion: row.params.motion ?? "static",
            duration: row.params.duration ?? 5,
            idempotencyKey,
          });
    return applyStepState(db, provider, model, row, index, state);
  } catch (error) {
    logger.warn({ generationId: row.id, provider: provider.id, step: name, ...errorFields(error) }, "step submit failed");
    const state = failedJobState(error);
    return failStep(db, row, index, state.status === "failed" ? failureOf(state) : generationError("submit_failed"));
  }
}

/** A keyframe or shot's provider state, applied to its step. */
async function applyStepState(db: Db, provider: Provider, model: Model, row: GenerationRow, index: number, state: JobState): Promise<Applied> {
  const { step } = currentStep(row)!;
  switch (state.status) {
    case "queued":
    case "running": {
      if (step.status === "running" && step.provider_job_id === state.providerJobId) return { generation: row };
      const running = await markGenerationStepRunning(db, row.id, index, state.providerJobId);
      return { generation: "generation" in running ? running.generation : row };
    }
    case "failed":
      logger.warn({ generationId: row.id, provider: provider.id, step: DIRECTOR_STEPS[index], failure: state.failure.kind, reason: state.failure.message }, "provider failed the step");
      return failStep(db, row, index, failureOf(state));
    case "succeeded": {
      if (DIRECTOR_STEPS[index] === "shot") {
        // The last step's clip is the job's output: kept in durable storage under the finishing
        // lease, then the job completes (and the step with it).
        return applyJobState(db, row, state);
      }
      let keyframe: StoredOutput[];
      try {
        keyframe = await storeOutputs(row, state.outputs.slice(0, 1), { prefix: "keyframe-" });
      } catch (error) {
        if (error instanceof OutputStoreError) return failStep(db, row, index, generationError(error.code));
        throw error;
      }
      if (!keyframe.length) return failStep(db, row, index, generationError("empty_output"));
      const finished = await finishGenerationStep(db, { id: row.id, index, providerJobId: state.providerJobId, output: { keyframe: keyframe[0] } });
      return { generation: "generation" in finished ? finished.generation : row };
    }
  }
}

/** Asks where the running step stands and applies the answer; a poll that says nothing leaves it. */
async function pollStep(db: Db, provider: Provider, model: Model, row: GenerationRow, { index, name, step }: Step): Promise<Applied> {
  if (name === "character") {
    const characterId = step.provider_job_id?.slice(CHARACTER_JOB.length) ?? "";
    const character = await getCharacter(db, row.user_id, characterId);
    if (!character) return failStep(db, row, index, generationError("character_failed", "The character no longer exists."));
    return checkCharacter(db, provider, row, index, character);
  }
  let state: JobState;
  try {
    state = await provider.status({ model, endpoint: "" }, step.provider_job_id!);
  } catch (error) {
    if (!(error instanceof ProviderError)) {
      logger.warn({ generationId: row.id, provider: provider.id, step: name, ...errorFields(error) }, "step poll failed; will retry");
      return { generation: row };
    }
    state = failedJobState(error, step.provider_job_id);
  }
  return applyStepState(db, provider, model, row, index, state);
}

/**
 * Carries a Director job on from where it stands, as far as it can go now: records steps that
 * finished, claims and submits the next, and stops at a step still running upstream (or one
 * another process holds). Safe to call from anywhere, any number of times at once.
 */
export async function advanceDirectorJob(db: Db, provider: Provider, model: Model, row: GenerationRow): Promise<Applied> {
  let applied: Applied = { generation: row };
  // Each pass moves a step or returns; three steps take at most a few passes.
  for (let pass = 0; pass < 2 * DIRECTOR_STEPS.length + 1 && isOpen(applied.generation); pass++) {
    const current = applied.generation;
    const at = currentStep(current);
    const before = JSON.stringify(current.steps);
    let next: Applied;
    if (!at || (at.step.status === "succeeded" && at.index < DIRECTOR_STEPS.length - 1)) {
      const index = at ? at.index + 1 : 0;
      const claim = await claimGenerationStep(db, { id: current.id, index, name: DIRECTOR_STEPS[index]!, leaseSeconds: SUBMIT_LEASE_SECONDS });
      if (claim.code !== "claimed") return { ...applied, generation: "generation" in claim ? claim.generation : current };
      next = await submitStep(db, provider, model, claim.generation, index);
    } else if (at.step.status === "submitting") {
      // Claimed by a process that died before the provider took the step: take it over once the lease ran out.
      const claim = await claimGenerationStep(db, { id: current.id, index: at.index, name: at.name, leaseSeconds: SUBMIT_LEASE_SECONDS });
      if (claim.code !== "claimed") return { ...applied, generation: "generation" in claim ? claim.generation : current };
      next = await submitStep(db, provider, model, claim.generation, at.index);
    } else if (at.step.status === "running") {
      next = await pollStep(db, provider, model, current, at);
    } else {
      return applied;
    }
    applied = { generation: next.generation, balance: next.balance ?? applied.balance };
    if (JSON.stringify(applied.generation.steps) === before && isOpen(applied.generation)) break;
  }
  return applied;
}

/**
 * Starts a reserved Director job: keeps the uploaded anchors in durable storage first (a job whose
 * anchors cannot be kept fails and is refunded), then runs it as far as it goes now.
 */
export async function startDirectorJob(db: Db, provider: Provider, model: Model, row: GenerationRow, anchors: Anchor[] = []): Promise<Applied> {
  if (anchors.length && row.params.anchorKeys) {
    try {
      await storeAnchors(getArtifactStore(), anchors, row.params.anchorKeys);
    } catch (error) {
      logger.warn({ generationId: row.id, ...errorFields(error) }, "anchors not kept");
      return failGeneration(db, row, generationError("storage_failed", "The anchor images could not be saved."));
    }
  }
  return advanceDirectorJob(db, provider, model, row);
}
