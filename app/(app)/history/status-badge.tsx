import type { HistoryStatus } from "@/lib/history/history-item";

const LOOK: Record<HistoryStatus, { label: string; className: string }> = {
  queued: { label: "Queued", className: "border-white/20 bg-black/70 text-white/80" },
  running: { label: "Running", className: "border-cyan-400/50 bg-black/70 text-cyan-200" },
  succeeded: { label: "Done", className: "border-emerald-400/40 bg-black/70 text-emerald-300" },
  failed: { label: "Failed", className: "border-red-400/50 bg-black/70 text-red-300" },
};
// A job the user stopped ended as failed (and was refunded), but it is not the provider's failure.
const CANCELLED = { label: "Cancelled", className: "border-white/20 bg-black/70 text-white/80" };

/** Where a generation stands, as a small pill readable over any image; a dispatched job its
 * provider still holds queued (`queuePosition` known) says "Queued" with how many are ahead. */
export function StatusBadge({
  status,
  errorCode,
  queuePosition,
  className = "",
}: {
  status: HistoryStatus;
  errorCode?: string;
  queuePosition?: number | null;
  className?: string;
}) {
  const waiting = status === "running" && typeof queuePosition === "number";
  const look = status === "failed" && errorCode === "cancelled" ? CANCELLED : waiting ? { ...LOOK.queued, label: `Queued · ${queuePosition} ahead` } : LOOK[status];
  return (
    <span data-testid="status" data-status={status} className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-[11px] font-bold uppercase tracking-wider backdrop-blur ${look.className} ${className}`}>
      {status === "running" && !waiting && <span aria-hidden className="size-1.5 rounded-full bg-cyan-400 motion-safe:animate-pulse" />}
      {look.label}
    </span>
  );
}
