// The security headers every page and API response carries (SPEC section 9). The policy is built
// at run time: one build serves deployments with and without Clerk and Supabase Storage.
//
// Scripts come from this origin only (and Clerk's, when it is the sign-in). Next's App Router
// writes its page data as inline scripts, and the public pages are prerendered once for every
// deployment, so no per-request nonce can reach them: inline scripts are allowed, scripts from
// any other origin are not.
const env = process.env;

function clerkFrontendApi(): string | null {
  const key = env["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"];
  if (!key || !env["CLERK_SECRET_KEY"]) return null;
  const encoded = key.split("_")[2];
  if (!encoded) return null;
  let host: string;
  try {
    // The middleware runs on the edge runtime: atob, not Buffer.
    host = atob(encoded).replace(/\$$/, "");
  } catch {
    return null;
  }
  return /^[a-z0-9.-]+$/i.test(host) ? `https://${host}` : null;
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** The Content-Security-Policy of this deployment. */
export function contentSecurityPolicy(): string {
  const clerk = clerkFrontendApi();
  const clerkSources = clerk ? [clerk, "https://challenges.cloudflare.com"] : [];
  const storage = originOf(env["SUPABASE_URL"]);
  const development = env["NODE_ENV"] !== "production";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : []), ...clerkSources],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...(storage ? [storage] : []), ...(clerk ? ["https://img.clerk.com"] : [])],
    "media-src": ["'self'", "data:", "blob:", ...(storage ? [storage] : [])],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(clerk ? [clerk] : []), ...(development ? ["ws:"] : [])],
    "frame-src": clerk ? ["https://challenges.cloudflare.com"] : ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/**
 * What API answers get: they are data, never a document to run, so nothing loads and nothing
 * runs, even if one is opened directly (a stored SVG output may carry a script); an SVG keeps
 * its inline styles and data images.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/** Sets the runtime security headers on a response: the policy, and HSTS when served over https. */
export function applySecurityHeaders(headers: Headers, requestUrl: string): void {
  const api = new URL(requestUrl).pathname.startsWith("/api/");
  headers.set("Content-Security-Policy", api ? API_CONTENT_SECURITY_POLICY : contentSecurityPolicy());
  const https = new URL(requestUrl).protocol === "https:" || originOf(env["APP_URL"])?.startsWith("https:");
  if (https) headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
}
