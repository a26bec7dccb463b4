"use client";

import { m, useReducedMotion, type TargetAndTransition } from "framer-motion";

type Move = { label: string; hint: string; world?: TargetAndTransition; backdrop?: TargetAndTransition; subject?: TargetAndTransition };

// What each camera move does to the frame: the backdrop and the subject move together for a
// move of the lens or the head (pan, tilt, zoom), and apart for a move of the camera itself
// (dolly, orbit), which is what parallax looks like.
const MOVES: Record<string, Move> = {
  pan: { label: "Pan", hint: "Sweeps sideways", world: { x: [-14, 14] } },
  zoom: { label: "Zoom", hint: "Pushes in with the lens", world: { scale: [1, 1.45] } },
  tilt: { label: "Tilt", hint: "Looks up and down", world: { y: [-9, 9] } },
  dolly: { label: "Dolly", hint: "Travels toward the subject", backdrop: { scale: [1, 1.08] }, subject: { scale: [0.85, 1.35], y: [0, 4] } },
  orbit: { label: "Orbit", hint: "Circles the subject", backdrop: { x: [18, -18] }, subject: { x: [-5, 5], scaleX: [0.92, 1, 0.92] } },
  static: { label: "Static", hint: "A locked-off frame" },
};

const LOOP = { duration: 2.4, repeat: Infinity, repeatType: "mirror", ease: "easeInOut" } as const;

export function motionLabel(id: string): string {
  return MOVES[id]?.label ?? id;
}

/** A small viewfinder playing the move: a skyline behind, a figure in front. */
function Viewfinder({ id }: { id: string }) {
  const reduce = useReducedMotion();
  const move = MOVES[id] ?? MOVES.static!;
  const animate = (target?: TargetAndTransition) => (reduce || !target ? undefined : { ...target, transition: LOOP });
  return (
    <div aria-hidden className="relative aspect-video w-full overflow-hidden rounded-xl bg-gradient-to-b from-cyan-950/60 to-black">
      <m.div className="absolute inset-0" animate={animate(move.world)}>
        <m.svg viewBox="0 0 160 90" preserveAspectRatio="xMidYMid slice" className="absolute -inset-[15%] h-[130%] w-[130%]" animate={animate(move.backdrop)}>
          <circle cx="122" cy="26" r="9" className="fill-cyan-300/40" />
          <path d="M0 62h14V44h10v10h8V36h12v26h10V48h9v14h12V30h14v32h9V42h11v20h10V50h9v12h12V38h10v24H160v28H0Z" className="fill-white/10" />
          <path d="M0 62h160" className="stroke-cyan-400/30" strokeWidth="0.6" />
        </m.svg>
        <m.svg viewBox="0 0 160 90" className="absolute inset-0 h-full w-full" animate={animate(move.subject)}>
          <circle cx="80" cy="44" r="10" className="fill-cyan-400" />
          <path d="M58 90c0-15 10-25 22-25s22 10 22 25Z" className="fill-cyan-500/80" />
        </m.svg>
      </m.div>
      <span className="absolute left-1.5 top-1.5 size-2 border-l border-t border-white/50" />
      <span className="absolute right-1.5 top-1.5 size-2 border-r border-t border-white/50" />
      <span className="absolute bottom-1.5 left-1.5 size-2 border-b border-l border-white/50" />
      <span className="absolute bottom-1.5 right-1.5 size-2 border-b border-r border-white/50" />
      {id === "static" && (
        <m.span
          className="absolute right-3 top-2.5 size-1.5 rounded-full bg-red-500"
          animate={reduce ? undefined : { opacity: [1, 0.2] }}
          transition={{ duration: 0.9, repeat: Infinity, repeatType: "mirror" }}
        />
      )}
    </div>
  );
}

/** The camera moves, each shown playing; with `onChange` they are a choice, without it a showcase. */
export function MotionTiles({ motions, value, onChange }: { motions: readonly string[]; value?: string; onChange?: (id: string) => void }) {
  return (
    <div role={onChange ? "radiogroup" : "list"} aria-label="Camera motion" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
      {motions.map((id) => {
        const move = MOVES[id] ?? { label: id, hint: "" };
        const body = (
          <>
            <Viewfinder id={id} />
            <span className="mt-2 block text-sm font-black">{move.label}</span>
            <span className="block text-xs text-white/50">{move.hint}</span>
          </>
        );
        if (!onChange) {
          return (
            <div key={id} role="listitem" className="rounded-2xl border border-white/10 bg-white/5 p-2">
              {body}
            </div>
          );
        }
        const selected = value === id;
        return (
          <button
            key={id}
            type="button"
            role="radio"
            aria-checked={selected}
            aria-label={`${move.label}: ${move.hint}`}
            onClick={() => onChange(id)}
            className={`rounded-2xl border p-2 text-left transition ${
              selected ? "border-cyan-500 bg-cyan-500/10 shadow-[0_0_24px] shadow-cyan-500/20" : "border-white/10 bg-white/5 hover:bg-white/10"
            }`}
          >
            {body}
          </button>
        );
      })}
    </div>
  );
}
