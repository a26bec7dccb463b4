"use client";

import Link from "next/link";
import { cx } from "@/components/ui/cx";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { useCredits } from "./credits-store";
import { formatCount } from "@/components/ui/format";

/** Below this many credits the header warns: most runs cost more. */
export const LOW_BALANCE = 10;

/** The header's balance and plan, from the credits store; a link to billing. */
export function CreditsBadge({ planName }: { planName: string }) {
  const balance = useCredits() ?? 0;
  const low = balance < LOW_BALANCE;
  return (
    <Link
      href="/billing"
      prefetch={false}
      aria-label={`${formatCount(balance)} credits, ${planName} plan. Open billing`}
      className={cx(
        "flex min-w-0 items-center gap-2 rounded-full border py-1 pl-1.5 pr-1 text-sm transition hover:bg-white/10",
        low ? "border-amber-300/50 bg-amber-300/10" : "border-cyan-500/40 bg-cyan-500/10 shadow-glow",
        FOCUS_RING,
      )}
    >
      <span aria-hidden className={cx("flex size-6 items-center justify-center rounded-full text-xs font-black text-black", low ? "bg-amber-300" : "bg-cyan-400")}>
        ◆
      </span>
      <span className={cx("whitespace-nowrap font-black tabular-nums", low ? "text-amber-100" : "text-cyan-100")} data-testid="header-balance">
        {formatCount(balance)} credits
      </span>
      <span className="whitespace-nowrap rounded-full bg-white/10 px-2.5 py-0.5 text-xs font-bold text-white/80" data-testid="header-plan">
        {planName}
      </span>
    </Link>
  );
}

/** Says when the balance runs low, with the way to top it up. */
export function LowBalanceWarning() {
  const balance = useCredits();
  if (balance === null || balance >= LOW_BALANCE) return null;
  return (
    <div role="status" data-testid="low-balance" className="border-t border-amber-300/20 bg-amber-300/10 px-4 py-2 text-sm text-amber-100 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <p className="min-w-0">
          <strong className="font-bold">Low balance:</strong> {balance === 0 ? "no credits left" : `${balance} credit${balance === 1 ? "" : "s"} left`}, not enough for most runs.
        </p>
        <Link href="/billing" prefetch={false} className={cx("shrink-0 rounded-full bg-amber-300 px-3 py-1 text-xs font-black text-black hover:bg-amber-200", FOCUS_RING)}>
          Top up
        </Link>
      </div>
    </div>
  );
}
