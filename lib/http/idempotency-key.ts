import { ApiError } from "./api-error";

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key header (SPEC 3.7), when it sent one: 1 to 255 visible ASCII characters. */
export function readIdempotencyKey(req: Request): string | undefined {
  const key = req.headers.get("idempotency-key")?.trim();
  if (key === undefined || key === "") return undefined;
  if (!KEY.test(key)) throw new ApiError("invalid_request", "An Idempotency-Key is 1 to 255 visible ASCII characters.");
  return key;
}
