"use client";

import { useRequestThenGo } from "./use-request-then-go";

/** Asks for a fresh customer portal link (they expire within a day) and goes there. */
export function PortalButton() {
  const { busy, problem, run } = useRequestThenGo("The portal could not be opened.");
  const open = () => run(() => fetch("/api/lemon/portal"));

  return (
    <div>
      <button
        type="button"
        onClick={open}
        disabled={busy}
        className="rounded-full border border-white/15 bg-white/5 px-5 py-2 text-sm font-bold hover:bg-white/10 disabled:opacity-60"
      >
        {busy ? "Opening…" : "Manage subscription"}
      </button>
      {problem && <p role="alert" className="mt-2 text-sm text-amber-300">{problem.message}</p>}
    </div>
  );
}
