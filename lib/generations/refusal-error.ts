// Why a reservation was refused, as the API says it: the same for every kind of request.
import { requiredPlan, type Model, type PlanId } from "@/lib/catalog";
import type { ReserveResult } from "@/lib/db/functions/credits";
import { ApiError } from "@/lib/http/api-error";
import { rateLimited } from "@/lib/rate-limit/enforce-rate-limit";

export type Refusal = Exclude<ReserveResult, { code: "ok" } | { code: "existing" }>;

export function planRequired(model: Model, plan: PlanId, required: PlanId = requiredPlan(model)): ApiError {
  return new ApiError("plan_required", `${model.name} needs the ${required} plan.`, { requiredPlan: required, plan, model: model.id });
}

/** The answer to a reservation SQL refused, for generations and text alike: nothing was reserved. */
export function refusalError(model: Model, refusal: Refusal): Error {
  switch (refusal.code) {
    case "rate_limited":
      return rateLimited(refusal.retryAfter);
    case "plan_required":
      return planRequired(model, refusal.plan as PlanId, refusal.requiredPlan as PlanId);
    case "insufficient_credits":
      return new ApiError("insufficient_credits", `This costs ${refusal.price} credits and you have ${refusal.balance}.`, {
        price: refusal.price,
        balance: refusal.balance,
      });
    case "too_many_jobs":
      return new ApiError("too_many_jobs", `Your plan runs ${refusal.limit} jobs at once. Wait for one to finish.`, {
        limit: refusal.limit,
        inFlight: refusal.inFlight,
      });
    case "idempotency_conflict":
      return new ApiError("idempotency_conflict", "This Idempotency-Key was used for a different request.");
    case "unknown_user":
      return new ApiError("unauthenticated", "Your account could not be found. Sign in again.");
    case "invalid_request":
      return new Error(`reserve_generation refused its input: ${refusal.message}`);
  }
}
