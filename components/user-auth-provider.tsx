import { ClerkProvider } from "@clerk/nextjs";
import { authMode } from "@/lib/auth/mode";
import { clerkPublishableKey, SIGN_IN_PATH, SIGN_UP_PATH } from "@/lib/auth/clerk-config";
import { configuredAppOrigin } from "@/lib/http/app-origin";

/**
 * Mounts Clerk around the signed-in shell and the sign-in pages when Clerk is the sign-in. The
 * key is read at run time and passed down, so one build serves either mode; public pages stay
 * static and load no auth script.
 */
export function UserAuthProvider({ children }: { children: React.ReactNode }) {
  if (authMode() !== "clerk") return children;
  return (
    <ClerkProvider
      publishableKey={clerkPublishableKey()}
      signInUrl={SIGN_IN_PATH}
      signUpUrl={SIGN_UP_PATH}
      afterSignOutUrl="/"
      // Clerk follows a redirect only to these origins: this site's.
      allowedRedirectOrigins={configuredAppOrigin() ? [configuredAppOrigin()!] : undefined}
      appearance={{ variables: { colorPrimary: "#06b6d4", colorBackground: "#0a0a0a" } }}
    >
      {children}
    </ClerkProvider>
  );
}
