"use client";

import { useState } from "react";
import type { PaidPlanId } from "@/lib/catalog";
import { useRequestThenGo } from "./use-request-then-go";
import { formatCount, formatUtcDate } from "@/components/ui/format";

type Props = { plan: PaidPlanId; label: string; primary?: boolean };

type PlanChange = {
  from: string;
  to: string;
  direction: "upgrade" | "downgrade";
  chargeNowCents: number;
  credits: number;
  renewsAt: string | null;
};

const NAMES: Record<string, string> = { growth: "Growth", pro: "Pro" };
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const day = (iso: string | null) =>
  iso ? formatUtcDate(iso) : "your next renewal";

/**
 * Opens the checkout for a plan: Lemon Squeezy's, or the local one in the embedded default. A
 * switch of a live subscription is shown first (what is charged now, the credits it adds) and
 * made only once the user confirms it.
 */
export function CheckoutButton({ plan, label, primary }: Props) {
  const { busy, problem, run } = useRequestThenGo("The checkout could not be opened.");
  const [change, setChange] = useState<PlanChange | null>(null);

  const start = (confirm = false) =>
    run(
      () =>
        fetch("/api/lemon/checkout", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(confirm ? { plan, confirm: true } : { plan }),
        }),
      { onAnswer: (body) => Boolean(body?.change && (setChange(body.change), true)) },
    );

  return (
    <div>
      <button
        type="button"
        onClick={() => start()}
        disabled={busy}
        className={`w-full rounded-full py-3 text-center font-bold transition disabled:opacity-60 ${
          primary ? "glow bg-cyan-500 text-black hover:bg-cyan-400" : "border border-white/15 bg-white/5 text-white hover:bg-white/10"
        }`}
      >
        {busy && !change ? "Opening checkout…" : label}
      </button>
      {change && (
        <div role="dialog" aria-label={`Switch to ${NAMES[change.to]}`} className="mt-4 rounded-2xl border border-cyan-500/40 bg-black/60 p-4 text-sm">
          <p className="font-bold">
            Switch from {NAMES[change.from]} to {NAMES[change.to]}
          </p>
          {change.direction === "upgrade" ? (
            <p className="mt-2 text-white/70" data-testid="switch-quote">
              Lemon Squeezy charges <strong className="text-white">{dollars(change.chargeNowCents)}</strong> now for the rest of this
              period, and <strong className="text-white">{formatCount(change.credits)} credits</strong> are added once it is
              paid.
            </p>
          ) : (
            <p className="mt-2 text-white/70" data-testid="switch-quote">
              Nothing is charged now; the lower price starts on {day(change.renewsAt)}. Your credits stay; no credits are added.
            </p>
          )}
          <div className="mt-4 flex gap-2">
            <button
              type="button"
              onClick={() => start(true)}
              disabled={busy}
              className="flex-1 rounded-full bg-cyan-500 py-2 font-bold text-black hover:bg-cyan-400 disabled:opacity-60"
            >
              {busy ? "Switching…" : "Confirm switch"}
            </button>
            <button type="button" onClick={() => setChange(null)} disabled={busy} className="flex-1 rounded-full border border-white/15 py-2 font-bold">
              Keep {NAMES[change.from]}
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p role="alert" className="mt-3 text-sm text-amber-300">
          {problem.message}{" "}
          {problem.portalUrl && (
            <a href={problem.portalUrl} className="font-bold text-cyan-400 underline">
              Open the portal
            </a>
          )}
        </p>
      )}
    </div>
  );
}
