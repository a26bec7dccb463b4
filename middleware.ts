// With Clerk configured: verifies the session token of every page and API request (offline, with
// CLERK_JWT_KEY), sends signed-out visitors of app pages to sign-in and answers signed-out API calls
// with a 401. With the local sign-in there is nothing to do here: routes check the cookie themselves.
import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { ApiError } from "@/lib/http/api-error";
import { authMode } from "@/lib/auth/mode";
import { clerkMiddlewareConfig, SIGN_IN_PATH } from "@/lib/auth/clerk-config";
import { appOrigin } from "@/lib/http/app-origin";
import { applySecurityHeaders } from "@/lib/http/security-headers";

// The (site) pages, sign-in itself, and the routes that carry their own secrets (signed file links included). This gate only
// spares signed-out visitors a trip: every route and page still checks its user itself.
const PUBLIC_PATHS = [
  /^\/$/,
  /^\/(pricing|terms)(\/|$)/,
  /^\/(sign-in|sign-up)(\/|$)/,
  /^\/api\/(health|openapi\.json)$/,
  /^\/api\/(webhooks|cron|auth|files)\//,
];
const isPublic = (req: NextRequest) => PUBLIC_PATHS.some((p) => p.test(req.nextUrl.pathname));
const isApi = (req: NextRequest) => req.nextUrl.pathname.startsWith("/api/");

/**
 * To sign-in on APP_URL's origin (never a Host or X-Forwarded-Host a client chose), with the way
 * back as a path. Clerk's own redirectToSignIn names the server as Next sees it, often localhost.
 */
function redirectToSignIn(req: NextRequest) {
  const target = new URL(SIGN_IN_PATH, appOrigin(req));
  target.searchParams.set("redirect_url", `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return NextResponse.redirect(target, 307);
}

const withClerk = clerkMiddleware(
  async (auth, req) => {
    if (isPublic(req)) return;
    const { userId } = await auth();
    if (userId) return;
    // auth.protect() would answer 404 here; the API promises a 401 with SPEC's error body.
    if (isApi(req)) {
      const error = new ApiError("unauthenticated", "Sign in to continue.");
      const requestId = crypto.randomUUID();
      return NextResponse.json({ error: { ...error.toJSON().error, requestId } }, { status: error.status, headers: { "x-request-id": requestId } });
    }
    return redirectToSignIn(req);
  },
  () => clerkMiddlewareConfig(),
);

/**
 * Clerk hands the verified session to the route by rewriting the request to its own URL. Behind
 * `next start -H <address>` Next sees that URL's origin (it names the server "localhost") as
 * foreign and proxies the request to it, which never answers. A rewrite to the very same path is
 * a plain "continue with these request headers", so it is said that way.
 */
function continueInPlace(res: Response | null | undefined | void, req: NextRequest) {
  const rewrite = res?.headers.get("x-middleware-rewrite");
  if (!res || !rewrite) return res;
  const target = new URL(rewrite, req.url);
  if (target.href !== new URL(req.url).href) return res;
  res.headers.delete("x-middleware-rewrite");
  res.headers.set("x-middleware-next", "1");
  return res;
}

export default async function middleware(req: NextRequest, event: NextFetchEvent) {
  const res = authMode() === "clerk" ? (continueInPlace(await withClerk(req, event), req) ?? NextResponse.next()) : NextResponse.next();
  applySecurityHeaders(res.headers, req.url);
  return res;
}

export const config = {
  matcher: [
    // Everything but Next internals and static files...
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest|txt|xml|mp4|webm)).*)",
    // ...and every API route, whatever its path looks like.
    "/api/(.*)",
  ],
};
