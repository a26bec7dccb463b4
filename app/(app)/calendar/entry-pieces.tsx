"use client";

import type { CalendarEntryView } from "@/lib/calendar/entry-view";
import { timeOf } from "@/lib/calendar/local-dates";
import { channelDot, FOCUS } from "./styles";

export const ENTRY_DRAG_TYPE = "application/x-nexora-entry";

type EntryProps = {
  entry: CalendarEntryView;
  onOpen: (entry: CalendarEntryView) => void;
  /** Whether the entry can be dragged to another day (a pointer that drags: desktop). */
  draggable?: boolean;
};

const published = (entry: CalendarEntryView) => entry.status === "published";

function label(entry: CalendarEntryView) {
  return `${entry.title}, ${entry.channelName} at ${timeOf(entry.scheduledFor)}, ${published(entry) ? "published" : "planned"}`;
}

/** Props that make an element carry an entry to another day. */
function dragProps(entry: CalendarEntryView, draggable: boolean) {
  if (!draggable) return {};
  return {
    draggable: true,
    onDragStart: (e: React.DragEvent) => {
      e.dataTransfer.setData(ENTRY_DRAG_TYPE, entry.id);
      e.dataTransfer.setData("text/plain", entry.title);
      e.dataTransfer.effectAllowed = "move";
    },
  };
}

/** Opens on Enter or Space, like a button (a div, because a button cannot be dragged everywhere). */
function openProps(entry: CalendarEntryView, onOpen: (entry: CalendarEntryView) => void) {
  return {
    role: "button",
    tabIndex: 0,
    "aria-label": label(entry),
    onClick: () => onOpen(entry),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        onOpen(entry);
      }
    },
  };
}

export function StatusBadge({ entry }: { entry: CalendarEntryView }) {
  return published(entry) ? (
    <span className="inline-flex items-center gap-1 rounded-full bg-emerald-400/15 px-2 py-0.5 text-[11px] font-bold text-emerald-300">
      <span aria-hidden>✓</span> Published
    </span>
  ) : (
    <span className="rounded-full bg-white/10 px-2 py-0.5 text-[11px] font-bold text-white/60">Planned</span>
  );
}

/** The attached generation's first output, or the kit's headline, or nothing. */
export function EntryMedia({ entry, className }: { entry: CalendarEntryView; className: string }) {
  const media = entry.generation;
  if (media?.thumbnailUrl) {
    return media.contentType?.startsWith("video/") ? (
      <video src={media.thumbnailUrl} muted playsInline preload="metadata" draggable={false} className={`${className} object-cover`} aria-label={`Video by ${media.modelName}`} />
    ) : (
      <img src={media.thumbnailUrl} alt={`Image by ${media.modelName}`} draggable={false} className={`${className} object-cover`} loading="lazy" />
    );
  }
  if (entry.kit) {
    return (
      <div className={`${className} flex items-center bg-gradient-to-br from-cyan-500/20 to-white/5 p-2`}>
        <p className="line-clamp-3 text-xs font-bold text-cyan-100">{entry.kit.headline}</p>
      </div>
    );
  }
  return null;
}

/** An entry in a month cell: a glimpse of its media, its time, its title. */
export function EntryChip({ entry, onOpen, draggable = false }: EntryProps) {
  const done = published(entry);
  return (
    <div
      {...openProps(entry, onOpen)}
      {...dragProps(entry, draggable)}
      data-testid="entry"
      data-entry-id={entry.id}
      data-status={entry.status}
      className={`flex min-w-0 cursor-pointer items-center gap-1.5 rounded-lg border p-1 text-xs motion-safe:transition ${FOCUS} ${
        done ? "border-emerald-400/30 bg-emerald-400/10 text-emerald-100 hover:bg-emerald-400/20" : "border-white/10 bg-white/5 text-white/90 hover:border-cyan-500/50 hover:bg-cyan-500/10"
      }`}
    >
      {entry.generation?.thumbnailUrl && <EntryMedia entry={entry} className="pointer-events-none size-8 shrink-0 rounded-md" />}
      <div className="min-w-0 flex-1 px-0.5">
        <p className="flex items-center gap-1 leading-4 text-white/50">
          <span aria-hidden className={`size-1.5 shrink-0 rounded-full ${channelDot(entry.channel)}`} />
          <span className="tabular-nums">{timeOf(entry.scheduledFor)}</span>
          {done && <span className="ml-auto font-bold text-emerald-300">✓</span>}
        </p>
        <p className={`truncate font-semibold leading-4 ${done ? "text-emerald-50" : ""}`}>{entry.title}</p>
      </div>
    </div>
  );
}

/** An entry as a card: its media first (beside the text on a phone, above it in a week column), then time, channel, title and status. */
export function EntryCard({ entry, onOpen, draggable = false, compact = false }: EntryProps & { compact?: boolean }) {
  const done = published(entry);
  const hasMedia = Boolean(entry.generation?.thumbnailUrl || entry.kit);
  return (
    <div
      {...openProps(entry, onOpen)}
      {...dragProps(entry, draggable)}
      data-testid="entry"
      data-entry-id={entry.id}
      data-status={entry.status}
      className={`group flex cursor-pointer overflow-hidden rounded-2xl border motion-safe:transition ${compact ? "flex-row" : "flex-row md:flex-col"} ${FOCUS} ${
        done ? "border-emerald-400/30 bg-emerald-400/[0.07] hover:bg-emerald-400/15" : "border-white/10 bg-white/5 hover:border-cyan-500/50"
      }`}
    >
      {hasMedia && <EntryMedia entry={entry} className={compact ? "w-20 shrink-0 self-stretch" : "w-24 shrink-0 self-stretch md:aspect-video md:w-full"} />}
      <div className="min-w-0 flex-1 p-2.5">
        <p className="flex items-center gap-1.5 text-xs text-white/50">
          <span aria-hidden className={`size-1.5 shrink-0 rounded-full ${channelDot(entry.channel)}`} />
          <span className="tabular-nums">{timeOf(entry.scheduledFor)}</span>
          <span className="truncate">{entry.channelName}</span>
        </p>
        <p className={`mt-1 line-clamp-2 text-sm font-bold ${done ? "text-emerald-50" : "text-white"}`}>{entry.title}</p>
        <div className="mt-1.5">
          <StatusBadge entry={entry} />
        </div>
      </div>
    </div>
  );
}
