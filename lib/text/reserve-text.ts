// Text requests pay like generations: the same one-step reservation (plan, credits, jobs in
// flight, idempotency and the text rate limit decided together in SQL), then the same refund.
import "server-only";
import { timeoutSecondsOf } from "@/lib/generations/timeout-of";
import { createHash } from "node:crypto";
import { planRules, priceOf, type Model } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import { reserveGeneration } from "@/lib/db/functions/credits";
import { completeGeneration, failGeneration as failGenerationRow, markGenerationRunning, type GenerationRow } from "@/lib/db/functions/generations";
import { generationError, type GenerationError } from "@/lib/generations/failure-error";
import { refusalError } from "@/lib/generations/refusal-error";
import { ApiError } from "@/lib/http/api-error";
import { logJob } from "@/lib/log/job-log";
import { isModelAvailable } from "@/lib/providers";
import type { ProviderFailure } from "@/lib/providers/types";
import { rateLimitOf } from "@/lib/rate-limit/rate-limit-of";

export type Reserved = { code: "ok" | "existing"; generation: GenerationRow; balance: number };

/** Reserves a text model's price, or throws the API's refusal; nothing is reserved for a refused request. */
export async function reserveText(
  db: Db,
  userId: string,
  input: {
    model: Model;
    provider: string;
    prompt: string;
    params: Record<string, unknown>;
    idempotencyKey?: string;
    /** What makes two requests the same request, for the idempotency check: the client's own input. */
    request: unknown;
  },
): Promise<Reserved> {
  const { model } = input;
  if (!isModelAvailable(model)) {
    throw new ApiError("provider_unavailable", `${model.name} is not available right now. Nothing was charged.`, { model: model.id });
  }
  const reserved = await reserveGeneration(db, {
    userId,
    kind: model.kind,
    model: model.id,
    provider: input.provider,
    prompt: input.prompt,
    params: input.params,
    price: priceOf(model),
    access: model.access,
    plans: planRules(),
    timeoutSeconds: timeoutSecondsOf(model),
    idempotencyKey: input.idempotencyKey,
    requestHash: input.idempotencyKey
      ? createHash("sha256").update(JSON.stringify({ model: model.id, request: input.request })).digest("hex")
      : undefined,
    rateLimit: { key: `text:${userId}`, ...rateLimitOf("text") },
  });
  if (reserved.code === "ok") logJob("reserved", reserved.generation, { balance: reserved.balance });
  if (reserved.code === "ok" || reserved.code === "existing") return reserved;
  throw refusalError(model, reserved);
}

/**
 * Marks the request as being answered, so the sweeper's "never submitted" rule leaves it alone;
 * its timeout still refunds it if this process dies mid-answer.
 */
export async function markAnswering(db: Db, generation: GenerationRow, provider: string): Promise<void> {
  await markGenerationRunning(db, generation.id, `${provider}:${generation.id}`);
}

const TEXT_MESSAGES: Partial<Record<string, string>> = {
  moderation: "The model declined to answer this for safety reasons.",
  empty_output: "The model answered nothing.",
  invalid_output: "The model's answer did not follow the required format, twice.",
  invented_figures: "The model's report used numbers that are not in your figures, twice.",
};

/** What a failed text request records, with a message a user can act on. */
export function textFailure(failure: Pick<ProviderFailure, "kind"> | { kind: string }): GenerationError {
  return generationError(failure.kind, TEXT_MESSAGES[failure.kind]);
}

/** Refunds a text request once; answers the balance after the refund (null if it had already ended). */
export async function refundText(db: Db, generation: GenerationRow, error: GenerationError): Promise<number | null> {
  const result = await failGenerationRow(db, generation.id, error);
  if (result.code !== "refunded") return null;
  logJob("refunded", result.generation, { outcome: error.code, balance: result.balance });
  return result.balance;
}

/** Ends a text request as answered: charged, once. */
export async function completeText(db: Db, generation: GenerationRow, extra: Record<string, unknown> = {}): Promise<void> {
  const result = await completeGeneration(db, generation.id, []);
  if (result.code === "ok") logJob("succeeded", result.generation, extra);
}

/** The 502 for a refunded text request. */
export function refundedError(error: GenerationError, balance: number | null, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError("provider_failed", error.message, { refunded: true, code: error.code, balance, ...extra });
}
