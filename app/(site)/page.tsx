import Link from "next/link";
import { findModel, OFFERED_MODELS } from "@/lib/catalog";
import { ModelStrip } from "@/components/model-strip";
import { ShowcaseTile } from "@/components/showcase-tile";
import { SHOWCASE } from "./showcase";

export default function HomePage() {
  return (
    <>
      <section className="relative overflow-hidden">
        <div className="pointer-events-none absolute inset-x-0 -top-40 mx-auto h-[520px] max-w-4xl rounded-full bg-cyan-500/20 blur-3xl" />
        <div className="relative mx-auto max-w-6xl px-6 pb-20 pt-28 text-center">
          <p className="text-sm font-bold uppercase tracking-[0.3em] text-cyan-400">AI creative studio</p>
          <h1 className="mx-auto mt-6 max-w-4xl text-5xl font-black leading-[1.05] tracking-tight sm:text-7xl">
            Cinematic video and images, from one prompt.
          </h1>
          <p className="mx-auto mt-6 max-w-2xl text-lg text-white/60">
            {OFFERED_MODELS.length} leading models in one studio. Pay in credits, only for what succeeds: a failed job is
            refunded automatically.
          </p>
          <div className="mt-10 flex items-center justify-center gap-4">
            <Link href="/studio" className="glow rounded-full bg-cyan-500 px-7 py-3 font-bold text-black hover:bg-cyan-400">
              Start with 15 free credits
            </Link>
            <Link href="/pricing" className="rounded-full border border-white/15 bg-white/5 px-7 py-3 font-bold hover:bg-white/10">
              See pricing
            </Link>
          </div>
        </div>
      </section>

      <section className="mx-auto max-w-6xl px-6 pb-20">
        <h2 className="sr-only">Made with Nexora</h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {SHOWCASE.map((piece) => (
            <ShowcaseTile key={piece.name} {...piece} modelName={findModel(piece.model)?.name ?? piece.model} />
          ))}
        </div>
      </section>

      <ModelStrip />
    </>
  );
}
