"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/shell/api";
import { spend, useCredits } from "@/components/shell/credits-store";
import { aspectsOf, canUse, durationsOf, modelsOfKind, PLANS, priceOf, requiredPlan, sizesOf, type Model, type PlanId } from "@/lib/catalog";

type Output = { url: string; contentType: string; size: number };
type Generation = {
  id: string;
  kind: string;
  model: string;
  modelName: string;
  prompt: string;
  price: number;
  status: "queued" | "running" | "succeeded" | "failed";
  refunded: boolean;
  outputs: Output[];
  error: { code: string; message: string } | null;
  createdAt: string;
};

const KINDS = [
  { id: "image", label: "Image", route: "/api/image/generate" },
  { id: "video", label: "Video", route: "/api/video/generate" },
] as const;
type Kind = (typeof KINDS)[number]["id"];

const POLL_MS = 2_000;

/** The option kept when the model changes: the same one if the new model takes it, else its default. */
function keep<T>(current: T, offered: readonly T[]): T {
  return offered.includes(current) ? current : offered[0];
}

/** What a model's card says it makes: clip lengths and frames, or sizes. */
function optionsLine(model: Model): string {
  const durations = durationsOf(model);
  const frames = sizesOf(model).length ? sizesOf(model) : aspectsOf(model);
  return [durations.length ? `${durations.join(" or ")} s` : "", frames.join(" · ")].filter(Boolean).join(" · ");
}

const isOpen = (g: Generation) => g.status === "queued" || g.status === "running";

export function Studio({ plan, initialBalance, unavailable }: { plan: PlanId; initialBalance: number; unavailable: Record<string, string> }) {
  const [kind, setKind] = useState<Kind>("image");
  const models = useMemo(() => modelsOfKind(kind), [kind]);
  const [modelId, setModelId] = useState<string>(models[0].id);
  const model = models.find((m) => m.id === modelId) ?? models[0];
  const [prompt, setPrompt] = useState("");
  const [aspect, setAspect] = useState<string>(aspectsOf(models[0])[0] ?? "1:1");
  const [size, setSize] = useState<string>(sizesOf(models[0])[0] ?? "1024x1024");
  const [duration, setDuration] = useState(durationsOf(models[0])[0] ?? 5);
  // The shell's credits store: the header and this page show the same figure.
  const balance = useCredits() ?? initialBalance;
  const [items, setItems] = useState<Generation[]>([]);
  const [busy, setBusy] = useState(false);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const sizes = sizesOf(model);
  const aspects = aspectsOf(model);
  const durations = durationsOf(model);
  const promptMax = model.options.promptMax;
  const price = priceOf(model, kind === "video" ? { duration } : {});
  const locked = !canUse(plan, model);
  const offline = unavailable[model.id];

  const upsert = useCallback((g: Generation) => {
    setItems((list) => (list.some((x) => x.id === g.id) ? list.map((x) => (x.id === g.id ? g : x)) : [g, ...list]));
  }, []);

  useEffect(() => {
    fetch("/api/generations?limit=24")
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((body: { items: Generation[] }) => setItems(body.items));
  }, []);

  // Open jobs are polled; each poll lets the server refresh the job from its provider.
  useEffect(() => {
    const timer = setInterval(async () => {
      const open = itemsRef.current.filter(isOpen);
      for (const g of open) {
        const res = await fetch(`/api/generations/${g.id}`);
        if (!res.ok) continue;
        const { generation } = (await res.json()) as { generation: Generation };
        upsert(generation);
        if (generation.status === "failed") {
          toast.error(generation.error?.message ?? "The job failed. Your credits were refunded.");
          // The refund reaches the header through the store.
          await fetchJson("/api/me").catch(() => null);
        }
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [upsert]);

  /** Picks a model, keeping each option it also takes and falling back to its default otherwise. */
  function chooseModel(next: Model) {
    setModelId(next.id);
    if (aspectsOf(next).length) setAspect((a) => keep(a, aspectsOf(next)));
    if (sizesOf(next).length) setSize((s) => keep(s, sizesOf(next)));
    if (durationsOf(next).length) setDuration((d) => keep(d, durationsOf(next)));
    setPrompt((p) => p.slice(0, next.options.promptMax));
  }

  function chooseKind(next: Kind) {
    setKind(next);
    chooseModel(modelsOfKind(next)[0]);
  }

  async function generate() {
    if (!prompt.trim() || locked || offline || busy) return;
    setBusy(true);
    const undo = spend(price);
    const body: Record<string, unknown> = { model: model.id, prompt };
    if (kind === "video") Object.assign(body, { duration, aspect });
    else if (sizes.length) body.size = size;
    else body.aspect = aspect;
    try {
      // fetchJson puts the answer's balance into the store; undo only matters when none came back.
      const res = await fetchJson<{ generation: Generation }>(KINDS.find((k) => k.id === kind)!.route, {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        json: body,
      });
      if (res.ok && res.data) {
        upsert(res.data.generation);
        if (res.status === 202) toast.message(kind === "video" ? "Rendering your clip…" : "Still working on it…");
      } else {
        const details = res.error?.details as { generation?: Generation } | undefined;
        if (details?.generation) upsert(details.generation);
        undo();
        toast.error(res.error?.message ?? "Something went wrong.");
      }
    } catch {
      undo();
      toast.error("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto max-w-6xl px-6 py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-4xl font-black tracking-tight">Studio</h1>
          <p className="mt-2 text-white/50">Images and video from the best models, paid in credits.</p>
        </div>
        <p className="rounded-full border border-cyan-500/40 bg-cyan-500/10 px-4 py-2 font-black text-cyan-300" data-testid="balance">
          {balance.toLocaleString("en-US")} credits
        </p>
      </header>

      <div className="mt-8 flex gap-2">
        {KINDS.map((k) => (
          <button
            key={k.id}
            onClick={() => chooseKind(k.id)}
            className={`rounded-full px-5 py-2 text-sm font-bold ${kind === k.id ? "bg-cyan-500 text-black shadow-[0_0_24px] shadow-cyan-500/40" : "bg-white/5 text-white/70 hover:bg-white/10"}`}
          >
            {k.label}
          </button>
        ))}
      </div>

      <div className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {models.map((m) => (
          <ModelCard key={m.id} model={m} plan={plan} offline={unavailable[m.id]} selected={m.id === model.id} onSelect={() => chooseModel(m)} />
        ))}
      </div>

      <section className="mt-6 rounded-3xl border border-white/10 bg-white/5 p-5">
        <textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value.slice(0, promptMax))}
          rows={3}
          placeholder={kind === "video" ? "A slow dolly through a neon-lit alley in the rain…" : "A lighthouse at dusk, cinematic light…"}
          className="w-full resize-none bg-transparent text-lg outline-none placeholder:text-white/30"
        />
        <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
          {sizes.length ? (
            <Select label="Size" value={size} options={[...sizes]} onChange={setSize} />
          ) : (
            <Select label="Aspect" value={aspect} options={[...aspects]} onChange={setAspect} />
          )}
          {kind === "video" &&
            (durations.length > 1 ? (
              <Select label="Length" value={String(duration)} options={durations.map(String)} onChange={(v) => setDuration(Number(v))} suffix="s" />
            ) : (
              <span className="text-white/60" data-testid="length">Length {durations[0]}s</span>
            ))}
          <span className="ml-auto text-white/40">
            {prompt.length}/{promptMax}
          </span>
          {offline ? (
            <span className="rounded-full bg-white/10 px-5 py-2 font-bold text-white/60">{offline}</span>
          ) : locked ? (
            <a href="/billing" className="rounded-full bg-white/10 px-5 py-2 font-bold text-white/80 hover:bg-white/20">
              Upgrade to {PLANS[requiredPlan(model)].name}
            </a>
          ) : (
            <button
              onClick={generate}
              disabled={busy || !prompt.trim() || balance < price}
              className="rounded-full bg-cyan-500 px-6 py-2 font-black text-black shadow-[0_0_24px] shadow-cyan-500/40 disabled:opacity-40"
            >
              {busy ? "Generating…" : `Generate · ${price} credits`}
            </button>
          )}
        </div>
      </section>

      <h2 className="mt-10 text-2xl font-black">Results</h2>
      {items.length === 0 ? (
        <p className="mt-4 text-white/40">Nothing yet. Your generations appear here.</p>
      ) : (
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((g) => (
            <ResultCard key={g.id} generation={g} />
          ))}
        </div>
      )}
    </div>
  );
}

function ModelCard({ model, plan, offline, selected, onSelect }: { model: Model; plan: PlanId; offline?: string; selected: boolean; onSelect: () => void }) {
  const usable = canUse(plan, model);
  return (
    <button
      onClick={onSelect}
      className={`rounded-2xl border p-4 text-left transition ${selected ? "border-cyan-500 bg-cyan-500/10" : "border-white/10 bg-white/5 hover:bg-white/10"}`}
    >
      <div className="flex items-center justify-between">
        <span className="font-black">{model.name}</span>
        <span className="text-sm font-bold text-cyan-300">{model.credits} cr</span>
      </div>
      <p className="mt-1 text-sm text-white/50">{model.tagline}</p>
      <p className="mt-1 text-xs text-white/40">{optionsLine(model)}</p>
      {offline && <p className="mt-2 text-xs font-bold uppercase tracking-widest text-amber-300/80">{offline}</p>}
      {!offline && !usable && (
        <p className="mt-2 flex items-center gap-1.5 text-xs font-bold uppercase tracking-widest text-white/40">
          <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3 fill-current">
            <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
          </svg>
          {`${PLANS[requiredPlan(model)].name} plan`}
        </p>
      )}
    </button>
  );
}

function Select({ label, value, options, onChange, suffix = "" }: { label: string; value: string; options: string[]; onChange: (v: string) => void; suffix?: string }) {
  return (
    <label className="flex items-center gap-2 text-white/60">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} className="rounded-lg border border-white/10 bg-black px-2 py-1 text-white">
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
            {suffix}
          </option>
        ))}
      </select>
    </label>
  );
}

function ResultCard({ generation: g }: { generation: Generation }) {
  const output = g.outputs[0];
  return (
    <article className="overflow-hidden rounded-3xl border border-white/10 bg-white/5">
      <div className="flex aspect-video items-center justify-center bg-black">
        {output ? (
          output.contentType.startsWith("video/") ? (
            <video src={output.url} muted loop playsInline className="h-full w-full object-cover" onMouseEnter={(e) => void e.currentTarget.play()} onMouseLeave={(e) => e.currentTarget.pause()} />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={output.url} alt={g.prompt} className="h-full w-full object-cover" />
          )
        ) : (
          <span className={`text-sm font-bold ${g.status === "failed" ? "text-red-300" : "animate-pulse text-white/50"}`}>
            {g.status === "failed" ? "Failed" : g.status === "queued" ? "Queued…" : "Rendering…"}
          </span>
        )}
      </div>
      <div className="p-4">
        <p className="line-clamp-2 text-sm text-white/80">{g.prompt}</p>
        <p className="mt-2 text-xs text-white/40">
          {g.modelName} · {g.price} credits{g.refunded ? " · refunded" : ""}
        </p>
        {g.error && <p className="mt-1 text-xs text-red-300">{g.error.message}</p>}
      </div>
    </article>
  );
}
