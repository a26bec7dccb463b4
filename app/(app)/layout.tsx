import { AppSidebar } from "@/components/app-sidebar";
import { AppHeader } from "@/components/shell/app-header";
import { BottomBar } from "@/components/shell/bottom-bar";
import { CreditsProvider } from "@/components/shell/credits-store";
import { MotionShell, PageTransition } from "@/components/shell/motion-shell";
import { navPagesFor } from "@/components/shell/nav-pages";
import { ShellToaster } from "@/components/shell/shell-toaster";
import { UserAuthProvider } from "@/components/user-auth-provider";
import { UserMenu } from "@/components/user-menu";
import { DemoBannerView } from "@/components/demo-banner-view";
import { isDemoDeployment } from "@/lib/deployment/is-demo-deployment";
import { getPageAccount } from "@/lib/auth/page-user";
import { isAdmin } from "@/lib/admin/is-admin";
import { PLANS } from "@/lib/catalog";

export const dynamic = "force-dynamic";

// The shell shows whoever is signed in but requires nobody: each page guards itself
// (requirePageUser), and with Clerk the middleware has already sent signed-out visitors away.
// The account read here seeds the header's balance; the page reuses it within the request.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const signedIn = await getPageAccount();
  const user = signedIn?.user ?? null;
  const admin = isAdmin(user);
  return (
    <UserAuthProvider>
      {isDemoDeployment() ? <DemoBannerView /> : null}
      <CreditsProvider seed={signedIn?.account.balance ?? null}>
        <MotionShell>
          <a
            href="#main"
            className="sr-only z-50 rounded-full bg-cyan-500 px-4 py-2 font-bold text-black focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
          >
            Skip to content
          </a>
          <div className="flex min-h-dvh">
            <AppSidebar user={user} isAdmin={admin} />
            <div className="flex min-w-0 flex-1 flex-col">
              <AppHeader planName={signedIn ? PLANS[signedIn.account.plan].name : null} />
              <main id="main" className="min-w-0 flex-1 pb-[calc(4rem+env(safe-area-inset-bottom))] md:pb-0">
                <PageTransition>{children}</PageTransition>
              </main>
            </div>
          </div>
          {user && <BottomBar pages={navPagesFor(admin)} userMenu={<UserMenu user={user} />} />}
          <ShellToaster />
        </MotionShell>
      </CreditsProvider>
    </UserAuthProvider>
  );
}
