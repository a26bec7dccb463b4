"use client";

import { MODELS } from "@/lib/catalog";
import { HISTORY_STATUSES, SEARCH_MAX } from "@/lib/history/history-item";
import type { Filters } from "./history";

export const KIND_CHOICES = [
  { id: "", label: "All" },
  { id: "image", label: "Image" },
  { id: "video", label: "Video" },
  { id: "director", label: "Director" },
  { id: "chat", label: "Chat" },
  { id: "text", label: "Text" },
] as const;

const STATUS_LABELS: Record<string, string> = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };

const control =
  "h-10 min-w-0 rounded-xl border border-white/10 bg-black px-3 text-sm text-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-cyan-400 [color-scheme:dark]";

type Props = { filters: Filters; search: string; onSearch: (q: string) => void; onChange: (patch: Partial<Filters>) => void; onClear: () => void };

/** Search, kind, model, status, dates and favourites; every control labelled, wrapping on a phone. */
export function HistoryFilters({ filters, search, onSearch, onChange, onClear }: Props) {
  const models = MODELS.filter((m) => !filters.kind || m.kind === filters.kind);
  const active = Boolean(filters.kind || filters.model || filters.status || filters.from || filters.to || search || filters.favourites);
  return (
    <section aria-label="Filters" className="mt-8 space-y-4 rounded-3xl border border-white/10 bg-white/[0.03] p-4 sm:p-5">
      <div className="flex flex-wrap items-center gap-3">
        <label className="relative min-w-0 flex-1 basis-64">
          <span className="sr-only">Search prompts</span>
          <svg aria-hidden viewBox="0 0 20 20" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-white/40">
            <circle cx="9" cy="9" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <path d="m14 14 4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            value={search}
            maxLength={SEARCH_MAX}
            onChange={(e) => onSearch(e.target.value)}
            placeholder="Search prompts…"
            className={`${control} w-full pl-9`}
          />
        </label>
        <button
          type="button"
          aria-pressed={filters.favourites}
          onClick={() => onChange({ favourites: !filters.favourites })}
          className={`h-10 rounded-xl border px-4 text-sm font-bold transition focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-cyan-400 ${
            filters.favourites ? "border-amber-300/60 bg-amber-300/15 text-amber-200" : "border-white/10 bg-white/5 text-white/70 hover:bg-white/10"
          }`}
        >
          ★ Favourites only
        </button>
      </div>

      <div role="group" aria-label="Kind" className="flex flex-wrap gap-2">
        {KIND_CHOICES.map((k) => (
          <button
            key={k.id}
            type="button"
            aria-pressed={filters.kind === k.id}
            onClick={() => onChange({ kind: k.id, model: MODELS.find((m) => m.id === filters.model)?.kind === k.id || !k.id ? filters.model : "" })}
            className={`rounded-full px-4 py-1.5 text-sm font-bold transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-400 ${
              filters.kind === k.id ? "glow bg-cyan-500 text-black" : "bg-white/5 text-white/70 hover:bg-white/10"
            }`}
          >
            {k.label}
          </button>
        ))}
      </div>

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <label className="flex min-w-0 flex-col gap-1 text-xs font-bold text-white/50">
          Model
          <select value={filters.model} onChange={(e) => onChange({ model: e.target.value })} className={control}>
            <option value="">Any model</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
                {m.lifecycle.state === "retired" ? " (retired)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-xs font-bold text-white/50">
          Status
          <select value={filters.status} onChange={(e) => onChange({ status: e.target.value })} className={control}>
            <option value="">Any status</option>
            {HISTORY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-xs font-bold text-white/50">
          From
          <input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => onChange({ from: e.target.value })} className={control} />
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-xs font-bold text-white/50">
          To
          <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => onChange({ to: e.target.value })} className={control} />
        </label>
      </div>

      {active && (
        <button type="button" onClick={onClear} className="text-sm font-bold text-cyan-300 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-cyan-400">
          Clear filters
        </button>
      )}
    </section>
  );
}
