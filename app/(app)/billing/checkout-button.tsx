"use client";

import { useState } from "react";

type Props = { plan: "growth" | "pro"; label: string; primary?: boolean };

/** Opens the checkout for a plan: Lemon Squeezy's, or the local one in the embedded default. */
export function CheckoutButton({ plan, label, primary }: Props) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; portalUrl?: string } | null>(null);

  async function start() {
    setBusy(true);
    setProblem(null);
    try {
      const res = await fetch("/api/lemon/checkout", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ plan }),
      });
      const body = await res.json().catch(() => null);
      if (res.ok && body?.url) {
        window.location.assign(body.url);
        return;
      }
      setProblem({ message: body?.error?.message ?? "The checkout could not be opened.", portalUrl: body?.error?.details?.portalUrl });
    } catch {
      setProblem({ message: "The checkout could not be opened. Check your connection." });
    }
    setBusy(false);
  }

  return (
    <div>
      <button
        type="button"
        onClick={start}
        disabled={busy}
        className={`w-full rounded-full py-3 text-center font-bold transition disabled:opacity-60 ${
          primary ? "glow bg-cyan-500 text-black hover:bg-cyan-400" : "border border-white/15 bg-white/5 text-white hover:bg-white/10"
        }`}
      >
        {busy ? "Opening checkout…" : label}
      </button>
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
