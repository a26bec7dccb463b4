import { ZodError } from "zod";
import { errorFields, logger } from "@/lib/log/logger";
import { isDatabaseUnavailable } from "@/lib/db/is-database-unavailable";
import { ApiError } from "./api-error";

/** The error body with the request's id in it, so a user's report names the log line to read. */
function body(error: ApiError, requestId?: string) {
  const json = error.toJSON();
  return requestId ? { error: { ...json.error, requestId } } : json;
}

/** Turns anything thrown in a route into SPEC's error body; unknown errors are logged, never shown. */
export function errorResponse(error: unknown, route: string, requestId?: string): Response {
  if (error instanceof ZodError) {
    // The first issue says what to change ("luma-ray-2 takes aspect 16:9, ..."); all are in details.
    error = new ApiError("invalid_request", error.issues[0]?.message ?? "The request is not valid.", error.issues);
  }
  if (!(error instanceof ApiError) && isDatabaseUnavailable(error)) {
    logger.warn({ route, ...errorFields(error) }, "database unavailable");
    const unavailable = new ApiError("service_unavailable", "The service is briefly unavailable; anything this request reserved is refunded if it did not run. Try again in a moment.");
    return Response.json(body(unavailable, requestId), { status: 503, headers: { "retry-after": "5" } });
  }
  if (error instanceof ApiError) {
    if (error.status >= 500) logger.error({ route, code: error.code, ...(error.cause ? errorFields(error.cause) : {}) }, error.message);
    const retryAfter = error.code === "rate_limited" ? (error.details as { retryAfter?: number } | undefined)?.retryAfter : undefined;
    return Response.json(body(error, requestId), { status: error.status, headers: retryAfter ? { "retry-after": String(retryAfter) } : undefined });
  }
  logger.error({ route, ...errorFields(error) }, "unexpected error");
  const internal = new ApiError("internal_error", "Something went wrong on our side. Nothing was charged for it.");
  return Response.json(body(internal, requestId), { status: 500 });
}
