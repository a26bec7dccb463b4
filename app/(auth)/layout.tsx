import Link from "next/link";
import { DemoBannerView } from "@/components/demo-banner-view";
import { isDemoDeployment } from "@/lib/deployment/is-demo-deployment";

// Sign-in and sign-up: no user required, and the sign-in mode is decided at run time. Clerk is
// mounted by the Clerk forms themselves, not here: Next ships this layout's client code to the
// public pages too, which must not load an auth script they never use.
export const dynamic = "force-dynamic";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      {isDemoDeployment() ? <DemoBannerView /> : null}
      <div className="relative flex min-h-screen flex-col overflow-hidden">
        <div className="pointer-events-none absolute inset-x-0 -top-48 mx-auto h-[480px] max-w-3xl rounded-full bg-cyan-500/15 blur-3xl" />
        <header className="relative mx-auto flex h-16 w-full max-w-6xl items-center px-6">
          <Link href="/" className="text-lg font-black tracking-tight">
            Nexora<span className="text-cyan-400">.</span>
          </Link>
        </header>
        <main className="relative flex flex-1 items-start justify-center px-6 pb-20 pt-12 sm:pt-20">{children}</main>
      </div>
    </>
  );
}
