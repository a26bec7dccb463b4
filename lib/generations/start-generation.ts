import "server-only";
import { createHash } from "node:crypto";
import { canUse, jobEndpointOf, planRules, priceOf, type Model } from "@/lib/catalog";
import { getAccountOrThrow } from "@/lib/credits/account";
import type { Db } from "@/lib/db";
import { reserveGeneration } from "@/lib/db/functions/credits";
import { ApiError } from "@/lib/http/api-error";
import { isModelAvailable, providerFor } from "@/lib/providers";
import { rateLimitOf } from "@/lib/rate-limit/rate-limit-of";
import type { JobState, Provider } from "@/lib/providers/types";
import { applyJobState, type Applied } from "./apply-job-state";
import { isOpen, type GenerationRow } from "./generation-row";
import { toGenerationView, type GenerationView } from "./generation-view";
import { failedJobState, pollJob } from "./poll-job";
import { refreshGeneration } from "./refresh-generation";
import { planRequired, refusalError } from "./refusal-error";
import type { GenerationRequest } from "./schema";
import { timeoutSecondsOf } from "./timeout-of";
import { webhookUrlFor } from "./webhook-url";
import { startDirectorJob } from "@/lib/director/director-job";
import type { Anchor } from "@/lib/director/anchors";
import { logJob } from "@/lib/log/job-log";
import { errorFields, logger } from "@/lib/log/logger";

export type StartResult = { status: 200 | 202; generation: GenerationView; balance: number };

/** How long an image request waits for its result before answering 202. */
const IMAGE_WAIT_MS = Number(process.env.IMAGE_WAIT_MS ?? 6_000);


function requestHash(request: GenerationRequest): string {
  const { model, prompt, params } = request;
  return createHash("sha256").update(JSON.stringify({ kind: model.kind, model: model.id, prompt, params })).digest("hex");
}

/** The answer for a generation in any state; a failed one is a 502 that says it was refunded. */
async function answer(db: Db, userId: string, applied: Applied, balance: number): Promise<StartResult> {
  const generation = toGenerationView(applied.generation);
  let current = applied.balance ?? balance;
  if (applied.generation.status === "failed") {
    // Refunded by someone else (the sweeper, a webhook): the balance to show is today's.
    if (applied.balance === undefined) current = (await getAccountOrThrow(db, userId)).balance;
    throw new ApiError("provider_failed", generation.error?.message ?? "The provider failed. Your credits were refunded.", {
      refunded: applied.generation.refunded,
      generation,
      balance: current,
    });
  }
  return { status: applied.generation.status === "succeeded" ? 200 : 202, generation, balance: current };
}

async function dispatch(db: Db, provider: Provider, row: GenerationRow, request: GenerationRequest, inputImage?: string): Promise<Applied> {
  const endpoint = jobEndpointOf(request.model, request.params);
  let state: JobState;
  try {
    state = await provider.submit({
      model: request.model,
      endpoint,
      prompt: request.prompt,
      // The still to animate travels as a short-lived link, never in the row.
      params: inputImage ? { ...request.params, image: inputImage } : request.params,
      generationId: row.id,
      webhookUrl: webhookUrlFor(provider.id),
    });
  } catch (error) {
    // The provider may or may not have the job; the user is refunded either way.
    logger.warn({ generationId: row.id, provider: provider.id, ...errorFields(error) }, "submit failed");
    state = failedJobState(error);
  }
  const applied = await applyJobState(db, row, state, { exclusive: state.status === "succeeded" });
  // Swept while the submit was on its way: the provider should stop working for nobody.
  if ((state.status === "queued" || state.status === "running") && !isOpen(applied.generation)) {
    provider.cancel?.({ model: request.model, endpoint }, state.providerJobId).catch(() => {});
  }
  return applied;
}

/** Images wait a little for their result, polling the provider directly, before answering 202. */
async function waitForResult(db: Db, provider: Provider, model: Model, applied: Applied, waitMs: number): Promise<Applied> {
  const deadline = Date.now() + waitMs;
  let delay = 150;
  for (let row = applied.generation; isOpen(row) && row.provider_job_id && Date.now() + delay < deadline; row = applied.generation) {
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.6, 1_000);
    const next = await pollJob(db, provider, model, { ...row, provider_job_id: row.provider_job_id });
    applied = { generation: next.generation, balance: next.balance ?? applied.balance };
  }
  return applied;
}

/**
 * Starts a generation: one atomic reservation (plan access, credits, jobs in flight and the
 * idempotency key are decided together in SQL), dispatch, and the answer. Nothing is reserved
 * for a request that is refused, and a failed dispatch is refunded before the answer leaves.
 */
export async function startGeneration(
  db: Db,
  userId: string,
  request: GenerationRequest,
  options: {
    idempotencyKey?: string;
    /** A Director job's uploaded anchors, kept in storage once the job is reserved. */
    anchors?: Anchor[];
    /** Animate: a short-lived link to the still, for the provider to fetch. */
    inputImage?: string;
  } = {},
): Promise<StartResult> {
  const { model } = request;
  const provider = providerFor(model);
  if (!isModelAvailable(model) || !provider.available()) {
    // Rare: the account is read only here, so that a model above the user's plan still says 403.
    const { plan } = await getAccountOrThrow(db, userId);
    if (!canUse(plan, model)) throw planRequired(model, plan);
    throw new ApiError("provider_unavailable", `${model.name} is not available right now. Nothing was charged.`, { model: model.id });
  }

  // The one database call before dispatch: plan access, credits, jobs in flight and the
  // idempotency key are decided together in SQL.
  const reserved = await reserveGeneration(db, {
    userId,
    kind: model.kind,
    model: model.id,
    provider: provider.id,
    prompt: request.prompt,
    params: request.params,
    price: priceOf(model, request.params),
    access: model.access,
    plans: planRules(),
    timeoutSeconds: timeoutSecondsOf(model, provider),
    idempotencyKey: options.idempotencyKey,
    requestHash: options.idempotencyKey ? requestHash(request) : undefined,
    rateLimit: { key: `generation:${userId}`, ...rateLimitOf("generation") },
  });

  switch (reserved.code) {
    case "ok": {
      logJob("reserved", reserved.generation, { balance: reserved.balance });
      let applied =
        model.kind === "director"
          ? await startDirectorJob(db, provider, model, reserved.generation, options.anchors)
          : await dispatch(db, provider, reserved.generation, request, options.inputImage);
      if (model.kind === "image") applied = await waitForResult(db, provider, model, applied, IMAGE_WAIT_MS);
      return answer(db, userId, applied, reserved.balance);
    }
    case "existing":
      return answer(db, userId, await refreshGeneration(db, reserved.generation), reserved.balance);
    default:
      throw refusalError(model, reserved);
  }
}
