"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";

const SAID: Record<string, string> = {
  processed: "applied",
  duplicate: "was already applied",
  stale: "is older than what is stored; nothing changed",
  ignored: "is not an event we act on",
  unknown_user: "still names no user we know",
};

/**
 * Runs one stored webhook event again, says how it went, and refreshes the console: an event that
 * applied leaves the failed list, and the replay shows in the audit log.
 */
export function ReplayButton({ eventId }: { eventId: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function replay() {
    setBusy(true);
    setProblem(null);
    const res = await fetch(`/api/admin/webhooks/${eventId}/replay`, { method: "POST" }).catch(() => null);
    const body = await res?.json().catch(() => null);
    setBusy(false);
    if (!res?.ok) {
      setProblem(body?.error?.message ?? "The replay could not be sent. Check your connection.");
      return;
    }
    if (body.code === "failed") {
      setProblem(`Still failing: ${body.error ?? "unknown error"}`);
      toast.error(`Event #${eventId} still fails.`);
    } else {
      toast.success(`Event #${eventId} ${SAID[body.code] ?? body.code}.`);
    }
    router.refresh();
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={replay}
        disabled={busy}
        className="rounded-full border border-cyan-500/40 bg-cyan-500/10 px-4 py-1.5 text-xs font-bold text-cyan-200 hover:bg-cyan-500/20 disabled:opacity-50"
      >
        {busy ? "Replaying…" : "Replay"}
      </button>
      {problem && (
        <p role="alert" className="max-w-[16rem] text-right text-xs text-amber-300">
          {problem}
        </p>
      )}
    </div>
  );
}
