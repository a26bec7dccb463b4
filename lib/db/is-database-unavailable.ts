// Whether a failed call failed because the database could not be reached (restarting, down, out of
// connections), as opposed to a statement it refused: the first is a 503 to retry, never a 500.
const SQLSTATES = /^(08...|57P01|57P02|57P03|53300)$/;
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (SQLSTATES.test(code) || CONNECTION_CODES.has(code))) return true;
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) if (isDatabaseUnavailable(inner)) return true;
  }
  return false;
}
