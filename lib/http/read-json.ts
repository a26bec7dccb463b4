import { ApiError } from "./api-error";
import { parseJsonText } from "./parse-json-text";
import { BodyTooLargeError, readCapped } from "./read-capped";

const DEFAULT_LIMIT = 64 * 1024;

/** The raw body as text, refused past `limit` bytes whatever Content-Length claims. */
export async function readText(req: Request, limit = DEFAULT_LIMIT): Promise<string> {
  try {
    return (await readCapped(req.body, req.headers.get("content-length"), limit)).toString("utf8");
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new ApiError("payload_too_large", `The body may be at most ${limit} bytes.`);
    }
    throw error;
  }
}

/** The body parsed as JSON; malformed JSON is a 400, never a 500. */
export async function readJson(req: Request, limit = DEFAULT_LIMIT): Promise<unknown> {
  const text = await readText(req, limit);
  return text.trim() ? parseJsonText(text) : {};
}
