import { configuredAppOrigin } from "@/lib/http/app-origin";

// Clerk's settings, read at run time through an alias of process.env: Next inlines
// `process.env.NEXT_PUBLIC_*` at build time, and one build must serve both sign-in modes.
const env = process.env;

export const SIGN_IN_PATH = "/sign-in";
export const SIGN_UP_PATH = "/sign-up";

export type ClerkMiddlewareConfig = {
  publishableKey: string;
  jwtKey?: string;
  authorizedParties?: string[];
  signInUrl: string;
  signUpUrl: string;
};

export function clerkPublishableKey(): string {
  return env["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] ?? "";
}

/**
 * What clerkMiddleware needs. The JWT key is passed explicitly because only then does Clerk
 * verify session tokens locally instead of fetching its JWKS over the network. The secret key
 * is left to Clerk's own environment lookup: passed here it would have to be encrypted into the
 * request headers, which needs one more key.
 */
let warnedNoJwtKey = false;

export function clerkMiddlewareConfig(): ClerkMiddlewareConfig {
  const origin = configuredAppOrigin();
  const jwtKey = env["CLERK_JWT_KEY"] || undefined;
  if (!jwtKey && !warnedNoJwtKey) {
    warnedNoJwtKey = true;
    console.warn("[auth] CLERK_JWT_KEY is not set: Clerk will fetch its JWKS over the network to verify sessions.");
  }
  return {
    publishableKey: clerkPublishableKey(),
    jwtKey,
    // A token minted for another site of the same Clerk instance is not a session here.
    authorizedParties: origin ? [origin] : undefined,
    signInUrl: SIGN_IN_PATH,
    signUpUrl: SIGN_UP_PATH,
  };
}

/** Clerk's Backend API, used only off the request path (see fetch-clerk-profile.ts). */
export function clerkBackendApi(): { url: string; secretKey: string } {
  return { url: (env["CLERK_API_URL"] || "https://api.clerk.com").replace(/\/+$/, ""), secretKey: env["CLERK_SECRET_KEY"] ?? "" };
}
