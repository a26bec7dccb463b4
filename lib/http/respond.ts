import { ZodError } from "zod";
import { ApiError } from "./api-error";

/** Turns anything thrown in a route into SPEC's error body; unknown errors are logged, never shown. */
export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof ZodError) {
    // The first issue says what to change ("luma-ray-2 takes aspect 16:9, ..."); all are in details.
    error = new ApiError("invalid_request", error.issues[0]?.message ?? "The request is not valid.", error.issues);
  }
  if (error instanceof ApiError) {
    if (error.status >= 500) console.error(`[${route}] ${error.code}: ${error.message}`, error.cause ?? "");
    const retryAfter = error.code === "rate_limited" ? (error.details as { retryAfter?: number } | undefined)?.retryAfter : undefined;
    return Response.json(error.toJSON(), { status: error.status, headers: retryAfter ? { "retry-after": String(retryAfter) } : undefined });
  }
  console.error(`[${route}] unexpected error`, error);
  const internal = new ApiError("internal_error", "Something went wrong on our side. Nothing was charged for it.");
  return Response.json(internal.toJSON(), { status: 500 });
}
