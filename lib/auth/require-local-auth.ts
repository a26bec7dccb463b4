import { ApiError } from "@/lib/http/api-error";
import { authMode } from "./mode";

/**
 * The local sign-in exists only when it is the deployment's sign-in: with Clerk configured the
 * route is not there at all, and a production deployment without either says what to set.
 */
export function requireLocalAuth(req: Request) {
  const mode = authMode();
  if (mode === "clerk") throw new ApiError("not_found", "Not found.");
  if (mode === "none") {
    throw new ApiError(
      "service_unavailable",
      "Sign-in is not configured: set NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY and CLERK_JWT_KEY for Clerk, or LOCAL_AUTH=1 for the local sign-in.",
    );
  }
  // A page on another site must not sign a visitor in or out of this one (login CSRF).
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    throw new ApiError("forbidden", "Cross-site sign-in requests are refused.");
  }
}
