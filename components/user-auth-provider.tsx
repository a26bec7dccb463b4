import { LazyClerkProvider } from "./clerk-lazy";
import { authMode } from "@/lib/auth/mode";
import { clerkPublishableKey, SIGN_IN_PATH, SIGN_UP_PATH } from "@/lib/auth/clerk-config";
import { configuredAppOrigin } from "@/lib/http/app-origin";

/**
 * Mounts Clerk around the signed-in shell and the sign-in pages when Clerk is the sign-in. The
 * key is read at run time and passed down, so one build serves either mode; Clerk's browser
 * code loads only when it renders (./clerk-lazy), so public pages and local sign-in go without it.
 */
export function UserAuthProvider({ children }: { children: React.ReactNode }) {
  if (authMode() !== "clerk") return children;
  return (
    <LazyClerkProvider
      publishableKey={clerkPublishableKey()}
      signInUrl={SIGN_IN_PATH}
      signUpUrl={SIGN_UP_PATH}
      afterSignOutUrl="/"
      // Clerk follows a redirect only to these origins: this site's.
      allowedRedirectOrigins={configuredAppOrigin() ? [configuredAppOrigin()!] : undefined}
      appearance={{ variables: { colorPrimary: "#06b6d4", colorBackground: "#0a0a0a" } }}
    >
      {children}
    </LazyClerkProvider>
  );
}
