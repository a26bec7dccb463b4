export const DEFAULT_RETURN_PATH = "/studio";

const BASE = "http://nexora.invalid";
// Tabs, newlines and other controls are dropped by browsers while parsing a URL ("/\t/evil.com"
// becomes "//evil.com"), and a backslash counts as a slash: none belongs in a path we hand back.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * Where to go after signing in: a path on this site only. The value is resolved the way a
 * browser would resolve it against our origin; anything that would leave it (another origin,
 * `//host`, `/\host`, `javascript:`, control characters) or lead back to sign-in falls back to
 * the studio, so the sign-in page cannot bounce a visitor elsewhere.
 */
export function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || UNSAFE.test(path)) return DEFAULT_RETURN_PATH;
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_PATH;
  const resolved = `${url.pathname}${url.search}${url.hash}`;
  if (/^\/(sign-in|sign-up)(\/|\?|#|$)/.test(resolved)) return DEFAULT_RETURN_PATH;
  return resolved;
}
