import { redirect } from "next/navigation";
import { SignUp } from "@clerk/nextjs";
import { authMode } from "@/lib/auth/mode";
import { getPageUser } from "@/lib/auth/page-user";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { SIGN_IN_PATH, SIGN_UP_PATH } from "@/lib/auth/clerk-config";
import { UserLocalSignIn } from "@/components/user-local-sign-in";
import { UserAuthNotConfigured } from "@/components/user-auth-not-configured";
import { UserAuthProvider } from "@/components/user-auth-provider";

export const metadata = { title: "Sign up" };

type Props = { searchParams: Promise<{ redirect_url?: string | string[] }> };

export default async function SignUpPage({ searchParams }: Props) {
  const returnTo = safeReturnPath((await searchParams).redirect_url);
  switch (authMode()) {
    case "clerk":
      return (
        <UserAuthProvider>
          <SignUp path={SIGN_UP_PATH} routing="path" signInUrl={SIGN_IN_PATH} forceRedirectUrl={returnTo} />
        </UserAuthProvider>
      );
    case "local": {
      // Locally, signing in with a new email is signing up.
      if (await getPageUser()) redirect(returnTo);
      return <UserLocalSignIn mode="sign-up" returnTo={returnTo} />;
    }
    case "none":
      return <UserAuthNotConfigured />;
  }
}
