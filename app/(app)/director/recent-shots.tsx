"use client";

import { m } from "framer-motion";
import { shotMeta } from "./job-panel";
import { isOpenShot, previewOf, StepChips, type Shot } from "./shot-steps";

/** The user's latest Director shots, media first; clips play on hover. */
export function RecentShots({ shots }: { shots: Shot[] | null }) {
  if (shots === null) return <p className="mt-4 animate-pulse text-white/55">Loading your shots…</p>;
  if (shots.length === 0) return <p className="mt-4 text-white/55">No shots yet. Your Director shots appear here.</p>;
  return (
    <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {shots.map((shot) => (
        <m.div key={shot.id} initial={{ opacity: 0, y: 8 }} animate={{ opacity: 1, y: 0 }}>
          <ShotCard shot={shot} />
        </m.div>
      ))}
    </div>
  );
}

function ShotCard({ shot }: { shot: Shot }) {
  const output = shot.outputs[0];
  const preview = previewOf(shot);
  return (
    <article data-testid="recent-shot" data-status={shot.status} className="overflow-hidden rounded-3xl border border-white/10 bg-white/5">
      <div className="flex aspect-video items-center justify-center bg-black">
        {output?.contentType.startsWith("video/") ? (
          <video
            src={output.url}
            muted
            loop
            playsInline
            preload="metadata"
            className="h-full w-full object-cover"
            onMouseEnter={(e) => void e.currentTarget.play().catch(() => {})}
            onMouseLeave={(e) => e.currentTarget.pause()}
          />
        ) : preview ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={preview} alt="Keyframe" className={`h-full w-full object-cover ${shot.status === "failed" ? "opacity-40 grayscale" : ""}`} />
        ) : (
          <span className={`text-sm font-bold ${shot.status === "failed" ? "text-red-300" : "animate-pulse text-white/50"}`}>
            {shot.status === "failed" ? "Failed" : isOpenShot(shot) ? "Working…" : "No clip"}
          </span>
        )}
      </div>
      <div className="space-y-2 p-4">
        <p className="line-clamp-2 break-words text-sm text-white/80">{shot.prompt}</p>
        <StepChips shot={shot} />
        <p className="text-xs text-white/55">
          {shotMeta(shot)}
          {shot.refunded && <span className="text-cyan-300"> · refunded</span>}
        </p>
        {shot.error && <p className="break-words text-xs text-red-300">{shot.error.message}</p>}
      </div>
    </article>
  );
}
