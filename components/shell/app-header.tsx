import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { CreditsBadge, LowBalanceWarning } from "./credits-badge";
import { NexoraLogo } from "./nexora-logo";

/** The glass bar over every signed-in page: the balance and plan (to billing), a warning when it runs low. */
export function AppHeader({ planName }: { planName: string | null }) {
  return (
    <header className="sticky top-0 z-30 border-b border-white/10 bg-black/60 backdrop-blur-xl supports-[backdrop-filter]:bg-black/40">
      <div className="flex h-16 items-center justify-between gap-3 px-4 sm:px-6">
        <NexoraLogo className="md:hidden" />
        <span className="hidden md:block" />
        {planName ? (
          <CreditsBadge planName={planName} />
        ) : (
          <Link href="/sign-in" className={buttonClass({ size: "sm" })}>
            Sign in
          </Link>
        )}
      </div>
      {planName && <LowBalanceWarning />}
    </header>
  );
}
