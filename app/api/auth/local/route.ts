// POST /api/auth/local: sign in locally with an email (embedded default); DELETE signs out.
import { cookies } from "next/headers";
import { createSessionToken, localUserId, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/local-session";
import { requireLocalAuth } from "@/lib/auth/require-local-auth";
import { SignIn } from "@/lib/auth/sign-in-request";
import { provisionUser } from "@/lib/credits/account";
import { withRoute } from "@/lib/http/with-route";
import { clientAddress } from "@/lib/http/client-address";
import { readJson } from "@/lib/http/read-json";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";

export const dynamic = "force-dynamic";

function cookieOptions(req: Request, maxAge: number) {
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge } as const;
}

export const POST = withRoute(async ({ req, db }) => {
  requireLocalAuth(req);
  await enforceRateLimit(db, "sign_in", clientAddress(req));
  const input = SignIn.parse(await readJson(req));
  const { user, balance } = await provisionUser(db, { id: localUserId(input.email), email: input.email, name: input.name });
  const token = await createSessionToken(input.email, input.name ?? user.name);
  (await cookies()).set(SESSION_COOKIE, token, cookieOptions(req, SESSION_MAX_AGE_SECONDS));
  return Response.json({ id: user.id, email: user.email, name: user.name, balance });
});

export const DELETE = withRoute(async ({ req }) => {
  requireLocalAuth(req);
  (await cookies()).set(SESSION_COOKIE, "", cookieOptions(req, 0));
  return Response.json({ ok: true });
});
