import { ApiError } from "./api-error";

/** A raw body already read (webhooks verify the exact bytes first) parsed as JSON; malformed is a 400. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON.");
  }
}
