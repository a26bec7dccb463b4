"use client";

import { AnimatePresence, m } from "framer-motion";
import { motionLabel } from "./motion-tiles";
import { isOpenShot, previewOf, ShotSteps, type Shot, type StepName } from "./shot-steps";

/** What each step does for this shot: its character comes from photos or a saved one. */
export function stepDetails(shot: Shot | null, characterName?: string): Record<StepName, string> {
  const anchors = shot?.params.anchorCount;
  const name = shot?.params.characterName ?? characterName;
  return {
    character: !shot
      ? "A Soul ID trained from your photos, or a saved one"
      : anchors
        ? `Trained from ${anchors} ${anchors === 1 ? "photo" : "photos"}${name ? ` as ${name}` : ""}`
        : `Saved character${name ? ` ${name}` : ""}, no training`,
    keyframe: "A still of your prompt with the character",
    shot: shot?.params.motion ? `The keyframe animated · ${motionLabel(shot.params.motion)}` : "The keyframe animated with your camera move",
  };
}

export function shotMeta(shot: Shot): string {
  const { motion: move, aspect, duration } = shot.params;
  return [move && motionLabel(move), aspect, duration && `${duration} s`, `${shot.price} credits`].filter(Boolean).join(" · ");
}

/** The shot being made: its steps live, the keyframe once drawn, the clip once animated. */
export function JobPanel({ shot, characterName }: { shot: Shot | null; characterName?: string }) {
  const preview = previewOf(shot);
  const video = shot?.status === "succeeded" ? shot.outputs.find((o) => o.contentType.startsWith("video/")) ?? shot.outputs[0] : undefined;
  return (
    <section data-testid="job-panel" aria-live="polite" className="rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-black">{shot ? "Your shot" : "How a shot is made"}</h2>
        {shot && (
          <p data-testid="job-status" className={`text-xs font-bold uppercase tracking-widest ${shot.status === "failed" ? "text-red-300" : shot.status === "succeeded" ? "text-cyan-300" : "text-white/50"}`}>
            {shot.status === "queued" ? "Queued" : shot.status === "running" ? "In progress" : shot.status === "succeeded" ? "Ready" : "Failed"}
          </p>
        )}
      </div>
      {shot && (
        <p className="mt-1 break-words text-sm text-white/70">
          {shot.prompt} <span className="text-white/55">· {shotMeta(shot)}</span>
        </p>
      )}
      <div className="mt-4">
        <ShotSteps shot={shot} details={stepDetails(shot, characterName)} />
      </div>

      <div className="relative mt-4 flex aspect-video items-center justify-center overflow-hidden rounded-2xl border border-white/10 bg-black">
        <AnimatePresence mode="wait">
          {video ? (
            <m.video
              key="video"
              data-testid="shot-video"
              src={video.url}
              controls
              playsInline
              muted
              loop
              autoPlay
              initial={{ opacity: 0 }}
              animate={{ opacity: 1 }}
              className="h-full w-full object-contain"
            />
          ) : preview ? (
            <m.div key="preview" initial={{ opacity: 0 }} animate={{ opacity: 1 }} exit={{ opacity: 0 }} className="relative h-full w-full">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img data-testid="keyframe-preview" src={preview} alt="Keyframe" className="h-full w-full object-contain" />
              <span className="absolute left-3 top-3 rounded-full bg-black/70 px-2.5 py-1 text-[11px] font-black uppercase tracking-widest text-cyan-300">Keyframe</span>
              {shot && isOpenShot(shot) && <span className="absolute inset-x-0 bottom-0 h-1 animate-pulse bg-cyan-500/70" />}
            </m.div>
          ) : (
            <m.p key="empty" initial={{ opacity: 0 }} animate={{ opacity: 1 }} exit={{ opacity: 0 }} className={`px-6 text-center text-sm ${shot && isOpenShot(shot) ? "animate-pulse text-white/50" : "text-white/55"}`}>
              {!shot ? "The keyframe, then the animated shot, appear here." : isOpenShot(shot) ? "Working on your keyframe…" : "No clip was made."}
            </m.p>
          )}
        </AnimatePresence>
      </div>

      {shot?.status === "failed" && (
        <div role="alert" data-testid="job-failure" className="mt-4 rounded-2xl border border-red-500/40 bg-red-500/10 p-4 text-sm">
          <p className="font-bold text-red-200">{shot.error?.message ?? "The shot could not be made."}</p>
          <p className="mt-1 text-white/70">
            {shot.refunded ? `Refunded: your ${shot.price} credits are back in your balance.` : `Your ${shot.price} credits are being refunded.`}
          </p>
        </div>
      )}
    </section>
  );
}
