"use client";

import { useReducedMotion } from "./use-reduced-motion";
import { useEffect, useRef } from "react";
import type { HistoryItem } from "@/lib/history/history-item";

const isOpen = (item: HistoryItem) => item.status === "queued" || item.status === "running";

/**
 * A generation's picture in a 16:9 frame that never changes size: its image, its clip (still until
 * `playing`, and never moving for someone who asked for reduced motion), the Director keyframe
 * while the shot renders, or the prompt itself for text work.
 */
export function MediaPreview({ item, playing = false }: { item: HistoryItem; playing?: boolean }) {
  const output = item.outputs[0];
  const preview = item.steps?.find((s) => s.preview)?.preview;
  const video = useRef<HTMLVideoElement>(null);
  const reduced = useReducedMotion();

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    if (playing && !reduced) void el.play().catch(() => {});
    else el.pause();
  }, [playing, reduced]);

  if (output?.contentType.startsWith("video/")) {
    return (
      <>
        <video
          ref={video}
          src={`${output.url}#t=0.1`}
          muted
          loop
          playsInline
          preload="metadata"
          width={640}
          height={360}
          aria-label={`Clip: ${item.prompt}`}
          className="h-full w-full object-cover"
        />
        <span aria-hidden className="absolute bottom-3 right-3 flex size-7 items-center justify-center rounded-full bg-black/60 backdrop-blur">
          <svg viewBox="0 0 16 16" className="size-3 fill-white">
            <path d="M4 2.5v11l9-5.5-9-5.5Z" />
          </svg>
        </span>
      </>
    );
  }
  if (output?.contentType.startsWith("image/") || preview) {
    return (
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={output?.url ?? preview}
        alt={item.prompt}
        width={640}
        height={360}
        loading="lazy"
        decoding="async"
        className={`h-full w-full object-cover ${output ? "" : "opacity-60"}`}
      />
    );
  }
  if (item.kind === "chat" || item.kind === "text") {
    return (
      <div className="flex h-full w-full flex-col justify-center bg-gradient-to-br from-cyan-500/15 via-white/[0.03] to-transparent p-5">
        <p className="text-[11px] font-bold uppercase tracking-widest text-cyan-300/80">{item.kind === "chat" ? "Assistant message" : "Text"}</p>
        <p className="mt-2 line-clamp-3 break-words text-sm font-semibold text-white/80">“{item.prompt}”</p>
      </div>
    );
  }
  return (
    <div className="flex h-full w-full items-center justify-center bg-white/[0.02]">
      <span className={`px-4 text-center text-sm font-bold ${item.status === "failed" ? "text-red-300" : "text-white/50 motion-safe:animate-pulse"}`}>
        {item.status === "failed" ? "No output: refunded" : isOpen(item) ? (item.status === "queued" ? "Queued…" : "Rendering…") : "No output"}
      </span>
    </div>
  );
}
