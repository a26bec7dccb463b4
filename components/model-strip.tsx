import { OFFERED_MODELS } from "@/lib/catalog";

export function ModelStrip() {
  return (
    <section className="border-y border-white/10 bg-white/[0.02] py-10">
      <div className="mx-auto flex max-w-6xl flex-wrap justify-center gap-3 px-6">
        {OFFERED_MODELS.map((m) => (
          <span key={m.id} className="rounded-full border border-white/10 bg-white/5 px-4 py-2 text-sm font-semibold text-white/80">
            {m.name}
            <span className="ml-2 text-xs font-bold uppercase text-cyan-400">{m.kind}</span>
          </span>
        ))}
      </div>
    </section>
  );
}
