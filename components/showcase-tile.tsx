"use client";

import { useRef, useState } from "react";

const FRAME = "aspect-video h-auto w-full object-cover transition duration-500 group-hover:scale-[1.02]";

type Props = { name: string; title: string; modelName: string; clip: boolean };

/** A showcase piece: its still, and for a clip the loop over it, played while pointed at or focused. */
export function ShowcaseTile({ name, title, modelName, clip }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  const play = () => {
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    video.current?.play().catch(() => {});
  };
  const pause = () => video.current?.pause();
  return (
    <figure
      className="group relative overflow-hidden rounded-2xl border border-white/10 bg-white/5"
      onMouseEnter={clip ? play : undefined}
      onMouseLeave={clip ? pause : undefined}
      onFocus={clip ? play : undefined}
      onBlur={clip ? pause : undefined}
      tabIndex={clip ? 0 : undefined}
    >
      {/* The still loads only as it nears the screen (a video's poster would load at once, with the page). */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={`/arts/${name}.jpg`} alt={title} width={640} height={360} loading="lazy" className={`${FRAME} block`} />
      {clip && (
        <video
          ref={video}
          src={`/arts/${name}.mp4`}
          width={640}
          height={360}
          muted
          loop
          playsInline
          preload="none"
          aria-hidden
          onPlaying={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          className={`${FRAME} absolute inset-0 ${playing ? "opacity-100" : "opacity-0"}`}
        />
      )}
      <figcaption className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/85 to-transparent px-4 pb-3 pt-10">
        <span className="block text-sm font-bold text-white">{title}</span>
        <span className="text-xs font-semibold text-cyan-300">
          {modelName}
          {clip ? " · video" : " · image"}
        </span>
      </figcaption>
    </figure>
  );
}
