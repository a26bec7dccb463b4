"use client";

import { useState } from "react";
import type { HistoryItem } from "@/lib/history/history-item";
import { FavouriteButton } from "./favourite-button";
import { MediaPreview } from "./media-preview";
import { StatusBadge } from "./status-badge";
import { formatDate, formatDateTime } from "@/components/ui/format";

const KIND_LABEL: Record<string, string> = { image: "Image", video: "Video", director: "Director", chat: "Chat", text: "Text" };

/** "just now", "5 min ago", "3 h ago", then the date. */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h ago`;
  return formatDate(iso);
}

export const fullTime = (iso: string) => formatDateTime(iso);

/** One generation, media first; the whole card opens its details, the star toggles the favourite. */
export function HistoryCard({ item, onOpen, onFavourite }: { item: HistoryItem; onOpen: () => void; onFavourite: () => void }) {
  const [hovered, setHovered] = useState(false);
  return (
    <article
      data-testid="history-item"
      data-id={item.id}
      data-kind={item.kind}
      className="group relative h-full min-w-0 overflow-hidden rounded-3xl border border-white/10 bg-white/5 transition hover:border-white/20 hover:bg-white/[0.07]"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setHovered(true)}
      onBlur={() => setHovered(false)}
    >
      <button
        type="button"
        onClick={onOpen}
        aria-label={`Details: ${item.modelName}, ${item.prompt.slice(0, 80)}`}
        className="block w-full rounded-3xl text-left focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-cyan-400"
      >
        <div className="relative aspect-video overflow-hidden bg-black">
          <MediaPreview item={item} playing={hovered} />
          <StatusBadge status={item.status} errorCode={item.error?.code} queuePosition={item.queuePosition} className="absolute left-3 top-3" />
        </div>
        <div className="space-y-2 p-4">
          <p className="line-clamp-2 min-h-10 break-words text-sm text-white/85">{item.prompt}</p>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-white/50">
            <span className="font-bold text-white/80">{item.modelName}</span>
            <span aria-hidden>·</span>
            <span>{KIND_LABEL[item.kind] ?? item.kind}</span>
            <span aria-hidden>·</span>
            <span data-testid="cost" className={item.refunded ? "text-white/55 line-through" : "font-bold text-cyan-300"}>
              {item.price} credits
            </span>
            {item.refunded && <span className="font-bold text-cyan-300">refunded</span>}
            <span aria-hidden>·</span>
            <time dateTime={item.createdAt} title={fullTime(item.createdAt)}>
              {ago(item.createdAt)}
            </time>
          </div>
        </div>
      </button>
      <FavouriteButton on={item.favourite} onToggle={onFavourite} className="absolute right-3 top-3" />
    </article>
  );
}

/** A card's shape while the list loads, the same size as the card it stands for. */
export function HistoryCardSkeleton() {
  return (
    <div aria-hidden className="overflow-hidden rounded-3xl border border-white/10 bg-white/5">
      <div className="aspect-video bg-white/[0.04] motion-safe:animate-pulse" />
      <div className="space-y-2 p-4">
        <div className="h-4 w-4/5 rounded bg-white/10 motion-safe:animate-pulse" />
        <div className="h-4 w-2/5 rounded bg-white/10 motion-safe:animate-pulse" />
        <div className="h-3 w-3/5 rounded bg-white/[0.06] motion-safe:animate-pulse" />
      </div>
    </div>
  );
}
