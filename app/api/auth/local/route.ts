// POST /api/auth/local: sign in locally with an email (embedded default); DELETE signs out.
import { z } from "zod";
import { cookies } from "next/headers";
import { authMode } from "@/lib/auth/mode";
import { createSessionToken, localUserId, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/local-session";
import { provisionUser } from "@/lib/credits/account";
import { ApiError } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

const SignIn = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
});

function requireLocalAuth() {
  const mode = authMode();
  if (mode === "clerk") throw new ApiError("not_found", "Not found.");
  if (mode === "none") {
    throw new ApiError("service_unavailable", "Sign-in is not configured: set the Clerk keys, or LOCAL_AUTH=1.");
  }
}

export const POST = withRoute(async ({ req, db }) => {
  requireLocalAuth();
  const input = SignIn.parse(await readJson(req));
  const token = await createSessionToken(input.email, input.name ?? null);
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: new URL(req.url).protocol === "https:",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const { user, balance } = await provisionUser(db, { id: localUserId(input.email), email: input.email, name: input.name });
  return Response.json({ id: user.id, email: user.email, name: user.name, balance });
});

export const DELETE = withRoute(async () => {
  requireLocalAuth();
  (await cookies()).delete(SESSION_COOKIE);
  return Response.json({ ok: true });
});
