"use client";

import { useState } from "react";

/** Asks for a fresh customer portal link (they expire within a day) and goes there. */
export function PortalButton() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function open() {
    setBusy(true);
    setProblem(null);
    const res = await fetch("/api/lemon/portal").catch(() => null);
    const body = await res?.json().catch(() => null);
    if (res?.ok && body?.url) {
      window.location.assign(body.url);
      return;
    }
    setProblem(body?.error?.message ?? "The portal could not be opened.");
    setBusy(false);
  }

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
      {problem && <p role="alert" className="mt-2 text-sm text-amber-300">{problem}</p>}
    </div>
  );
}
