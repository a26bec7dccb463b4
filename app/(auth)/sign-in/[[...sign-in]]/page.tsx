import { redirect } from "next/navigation";
import { SignIn } from "@clerk/nextjs";
import { authMode } from "@/lib/auth/mode";
import { getPageUser } from "@/lib/auth/page-user";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { SIGN_IN_PATH, SIGN_UP_PATH } from "@/lib/auth/clerk-config";
import { UserLocalSignIn } from "@/components/user-local-sign-in";
import { UserAuthNotConfigured } from "@/components/user-auth-not-configured";
import { UserAuthProvider } from "@/components/user-auth-provider";

export const metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ redirect_url?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const returnTo = safeReturnPath((await searchParams).redirect_url);
  switch (authMode()) {
    case "clerk":
      // The way back is our checked path, not the raw redirect_url Clerk would otherwise follow.
      return (
        <UserAuthProvider>
          <SignIn path={SIGN_IN_PATH} routing="path" signUpUrl={SIGN_UP_PATH} forceRedirectUrl={returnTo} />
        </UserAuthProvider>
      );
    case "local": {
      if (await getPageUser()) redirect(returnTo);
      return <UserLocalSignIn mode="sign-in" returnTo={returnTo} />;
    }
    case "none":
      return <UserAuthNotConfigured />;
  }
}
