"use client";

import { useCredits } from "@/components/shell/credits-store";
import { formatCount } from "@/components/ui/format";

/** The billing page's balance: the header's figure, so the two never disagree after a checkout or a spend elsewhere. */
export function BalanceFigure({ seed }: { seed: number }) {
  const balance = useCredits() ?? seed;
  return (
    <p className="mt-2 text-3xl font-black text-cyan-400" data-testid="balance">
      {formatCount(balance)} <span className="text-lg text-white/50">credits</span>
    </p>
  );
}
