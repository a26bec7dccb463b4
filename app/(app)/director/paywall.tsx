import Link from "next/link";
import { CAMERA_MOTIONS } from "@/lib/catalog";
import { MotionTiles } from "./motion-tiles";
import { formatCount } from "@/components/ui/format";

type Props = { planName: string; planId: string; priceUsdMonthly: number; monthlyCredits: number; shotPrice: number };

const STEPS = [
  { title: "Your character", text: "Upload one to four photos of a face. A Soul ID is trained from them and saved for every shot after." },
  { title: "A keyframe", text: "Your prompt is drawn as a still with that character in it, so the face stays the same." },
  { title: "Your camera", text: "The keyframe is animated into a shot with the camera move you pick: pan, zoom, tilt, dolly, orbit or static." },
];

/** What Director is, for anyone whose plan does not include it, and the way to the plan that does. */
export function DirectorPaywall({ planName, planId, priceUsdMonthly, monthlyCredits, shotPrice }: Props) {
  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
      <p className="text-xs font-black uppercase tracking-[0.3em] text-cyan-400">Director</p>
      <h1 className="mt-2 text-4xl font-black tracking-tight sm:text-5xl">Your character, your camera.</h1>
      <p className="mt-3 max-w-2xl text-white/60">
        Director turns a few photos of a person into a cinematic shot: the same face, in the scene you describe, filmed with the camera move you
        choose.
      </p>

      <ol className="mt-8 grid gap-3 sm:grid-cols-3">
        {STEPS.map((step, i) => (
          <li key={step.title} className="rounded-3xl border border-white/10 bg-white/5 p-5">
            <span className="flex size-8 items-center justify-center rounded-full bg-cyan-500/15 text-sm font-black text-cyan-300">{i + 1}</span>
            <h2 className="mt-3 font-black">{step.title}</h2>
            <p className="mt-1 text-sm text-white/60">{step.text}</p>
          </li>
        ))}
      </ol>

      <section data-testid="paywall" className="mt-8 flex flex-col items-start gap-5 rounded-3xl border border-cyan-500/40 bg-cyan-500/5 p-6 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="flex items-center gap-2 text-sm font-bold uppercase tracking-widest text-white/50">
            <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5 fill-current">
              <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
            </svg>
            {planName} plan
          </p>
          <p className="mt-2 text-xl font-black">Director is part of the {planName} plan.</p>
          <p className="mt-1 text-sm text-white/60">
            ${priceUsdMonthly} / month · {formatCount(monthlyCredits)} credits every month · a shot costs {shotPrice} credits
          </p>
        </div>
        <Link
          href={`/billing?plan=${planId}`}
          className="glow w-full shrink-0 rounded-full bg-cyan-500 px-7 py-3 text-center font-black text-black hover:bg-cyan-400 sm:w-auto"
        >
          Upgrade to {planName}
        </Link>
      </section>

      <h2 className="mt-12 text-2xl font-black">Six camera moves</h2>
      <p className="mt-1 text-sm text-white/50">Each shot is filmed with one of them.</p>
      <div className="mt-4">
        <MotionTiles motions={CAMERA_MOTIONS} />
      </div>
    </div>
  );
}
