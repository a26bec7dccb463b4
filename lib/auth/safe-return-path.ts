export const DEFAULT_RETURN_PATH = "/studio";

/**
 * Where to go after signing in: a path on this site only. Anything else (another origin,
 * protocol-relative `//host`, backslash tricks) falls back to the studio, so the sign-in page
 * cannot be used to bounce a visitor elsewhere.
 */
export function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return DEFAULT_RETURN_PATH;
  if (/^\/(sign-in|sign-up)(\/|\?|$)/.test(path)) return DEFAULT_RETURN_PATH;
  return path;
}
