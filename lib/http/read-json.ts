import { ApiError } from "./api-error";

const DEFAULT_LIMIT = 64 * 1024;

/** The raw body as text, refused past `limit` bytes whatever Content-Length claims. */
export async function readText(req: Request, limit = DEFAULT_LIMIT): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw new ApiError("payload_too_large", `The body may be at most ${limit} bytes.`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError("payload_too_large", `The body may be at most ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body parsed as JSON; malformed JSON is a 400, never a 500. */
export async function readJson(req: Request, limit = DEFAULT_LIMIT): Promise<unknown> {
  const text = await readText(req, limit);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON.");
  }
}
