/**
 * The SQLSTATE of a failed database call, whichever backend raised it: postgres.js and PGlite
 * errors carry `code`, supabase-js (PostgREST) errors too; DbError keeps the original as cause.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
