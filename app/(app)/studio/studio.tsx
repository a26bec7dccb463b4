"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/shell/api";
import { spend, useCredits } from "@/components/shell/credits-store";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { TabPanel, Tabs } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { formatCount } from "@/components/ui/format";
import { phaseOf, waiting } from "./job-phase";

/** A model as the page passes it: plain data read from the catalog on the server. */
export type StudioModel = {
  id: string;
  name: string;
  kind: "image" | "video";
  provider: string;
  credits: number;
  tagline: string;
  promptMax: number;
  aspects: string[];
  sizes: string[];
  durations: number[];
  imageToVideo: boolean;
  usable: boolean;
  unlockedBy: string;
  unlockedByName: string;
  unavailable: string | null;
};

type Output = { url: string; contentType: string; size: number };
type Generation = {
  id: string;
  kind: string;
  model: string;
  modelName: string;
  prompt: string;
  params?: { aspect?: string; size?: string; duration?: number; imageFrom?: string } | null;
  price: number;
  status: "queued" | "running" | "succeeded" | "failed";
  /** Requests ahead of it at the provider, while the provider still holds it queued. */
  queuePosition?: number | null;
  refunded: boolean;
  outputs: Output[];
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt?: string | null;
};

/** Everything a run needs; a rerun sends the same again. */
type Run = { kind: "image" | "video"; model: string; prompt: string; aspect?: string; size?: string; duration?: number; imageFrom?: string };

const KINDS = [
  { id: "image", label: "Image" },
  { id: "video", label: "Video" },
] as const;
type Kind = (typeof KINDS)[number]["id"];
const ROUTES: Record<Kind, string> = { image: "/api/image/generate", video: "/api/video/generate" };

/** Polling while the tab is visible; while it is hidden only long jobs are checked, rarely. */
const POLL_MS = 2_000;
const HIDDEN_POLL_MS = 10_000;
/** Runs from this price on ask first. */
const CONFIRM_FROM = 50;
const READY_TITLE = "✓ Your clip is ready · Nexora";
const VARIATION = " (variation)";

/** A clip model's price is for its shortest clip; a longer one costs double (as lib/catalog prices it). */
function priceOf(model: StudioModel, duration?: number): number {
  return duration !== undefined && model.durations.length && duration > model.durations[0] ? model.credits * 2 : model.credits;
}

function keep<T>(current: T, offered: readonly T[]): T {
  return offered.includes(current) ? current : offered[0];
}

const isOpen = (g: Generation) => g.status === "queued" || g.status === "running";

function elapsed(from: string, to: number): string {
  const s = Math.max(0, Math.round((to - Date.parse(from)) / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

function optionsLine(model: StudioModel): string {
  const frames = model.sizes.length ? model.sizes : model.aspects;
  return [model.durations.length ? `${model.durations.join(" or ")} s` : "", frames.join(" · ")].filter(Boolean).join(" · ");
}

export function Studio({ initialBalance, models }: { initialBalance: number; models: StudioModel[] }) {
  const [kind, setKind] = useState<Kind>("image");
  const ofKind = models.filter((m) => m.kind === kind);
  const [modelId, setModelId] = useState<string>(ofKind[0]?.id ?? "");
  const model = ofKind.find((m) => m.id === modelId) ?? ofKind[0];
  const [prompt, setPrompt] = useState("");
  const [aspect, setAspect] = useState<string>(model?.aspects[0] ?? "1:1");
  const [size, setSize] = useState<string>(model?.sizes[0] ?? "1024x1024");
  const [duration, setDuration] = useState(model?.durations[0] ?? 5);
  // The shell's credits store: the header and this page show the same figure.
  const balance = useCredits() ?? initialBalance;
  const [items, setItems] = useState<Generation[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Run | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [notices, setNotices] = useState<Record<string, string>>({});
  const [now, setNow] = useState(() => Date.now());
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">("unsupported");
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const scrollTo = useRef<string | null>(null);
  const titleBefore = useRef<string | null>(null);

  const animator = models.find((m) => m.kind === "video" && m.imageToVideo && m.usable && !m.unavailable);
  const price = model ? priceOf(model, kind === "video" ? duration : undefined) : 0;

  const upsert = useCallback((g: Generation) => {
    setItems((list) => (list.some((x) => x.id === g.id) ? list.map((x) => (x.id === g.id ? g : x)) : [g, ...list]));
  }, []);

  useEffect(() => {
    setPermission(typeof Notification === "undefined" ? "unsupported" : Notification.permission);
    fetch("/api/generations?limit=24")
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((body: { items: Generation[] }) => {
        // A job started before the list came back stays at the top.
        setItems((list) => [...list, ...body.items.filter((g) => (g.kind === "image" || g.kind === "video") && !list.some((x) => x.id === g.id))]);
      })
      .catch(() => null)
      .finally(() => setLoaded(true));
  }, []);

  // A new job is scrolled into view once it is on the page.
  useEffect(() => {
    const id = scrollTo.current;
    if (!id) return;
    scrollTo.current = null;
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.getElementById(`job-${id}`)?.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
  }, [items]);

  /** A long job finished while nobody looked: say so in the tab title, and by notification if allowed. */
  const announce = useCallback((g: Generation) => {
    if (document.visibilityState !== "hidden" || g.kind !== "video" || g.status !== "succeeded") return;
    if (titleBefore.current === null) titleBefore.current = document.title;
    document.title = READY_TITLE;
    if (typeof Notification !== "undefined" && Notification.permission === "granted") {
      new Notification("Your clip is ready", { body: g.prompt.slice(0, 120), tag: g.id });
    }
  }, []);

  // Open jobs are polled; each poll lets the server refresh the job from its provider. While the
  // tab is hidden, images wait and videos are checked every few seconds only.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    async function tick() {
      const hidden = document.visibilityState === "hidden";
      const open = itemsRef.current.filter((g) => isOpen(g) && (!hidden || g.kind === "video"));
      for (const g of open) {
        const res = await fetchJson<{ generation: Generation }>(`/api/generations/${g.id}`).catch(() => null);
        if (stopped || !res?.ok || !res.data) continue;
        const next = res.data.generation;
        upsert(next);
        if (next.status === "failed") {
          toast.error(next.error?.message ?? "The job failed. Your credits were refunded.");
          // The refund reaches the header through the store.
          await fetchJson("/api/me").catch(() => null);
        }
        if (next.status === "succeeded") announce(next);
      }
      if (!stopped) timer = setTimeout(tick, document.visibilityState === "hidden" ? HIDDEN_POLL_MS : POLL_MS);
    }
    function onVisibility() {
      if (document.visibilityState !== "visible") return;
      if (titleBefore.current !== null) {
        document.title = titleBefore.current;
        titleBefore.current = null;
      }
      // Back in view: check at once rather than at the end of a slow wait.
      clearTimeout(timer);
      void tick();
    }
    timer = setTimeout(tick, POLL_MS);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [upsert, announce]);

  // The elapsed time of running jobs, once a second while any is open.
  const anyOpen = items.some(isOpen);
  useEffect(() => {
    if (!anyOpen) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [anyOpen]);

  function chooseModel(next: StudioModel) {
    setModelId(next.id);
    if (next.aspects.length) setAspect((a) => keep(a, next.aspects));
    if (next.sizes.length) setSize((s) => keep(s, next.sizes));
    if (next.durations.length) setDuration((d) => keep(d, next.durations));
    setPrompt((p) => p.slice(0, next.promptMax));
  }

  function chooseKind(next: Kind) {
    setKind(next);
    const first = models.find((m) => m.kind === next);
    if (first) chooseModel(first);
  }

  function runPrice(run: Run): number {
    const m = models.find((x) => x.id === run.model);
    return m ? priceOf(m, run.kind === "video" ? run.duration : undefined) : 0;
  }

  /** Starts a run, asking first when it costs 50 credits or more. */
  function request(run: Run) {
    if (runPrice(run) >= CONFIRM_FROM) setConfirming(run);
    else void start(run);
  }

  async function start(run: Run) {
    if (busy) return;
    setBusy(true);
    const undo = spend(runPrice(run));
    const body: Record<string, unknown> = { model: run.model, prompt: run.prompt };
    for (const key of ["aspect", "size", "duration", "imageFrom"] as const) if (run[key] !== undefined) body[key] = run[key];
    try {
      // fetchJson puts the answer's balance into the store; undo only matters when none came back.
      const res = await fetchJson<{ generation: Generation }>(ROUTES[run.kind], {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        json: body,
      });
      const generation = res.data?.generation ?? (res.error?.details as { generation?: Generation } | undefined)?.generation;
      if (generation) {
        scrollTo.current = generation.id;
        upsert(generation);
      }
      if (res.ok) {
        if (res.status === 202) toast.message(run.kind === "video" ? "Rendering your clip…" : "Still working on it…");
      } else {
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

  function current(): Run | null {
    if (!model || !prompt.trim()) return null;
    if (kind === "video") return { kind, model: model.id, prompt, duration, ...(model.aspects.length ? { aspect } : {}) };
    return { kind, model: model.id, prompt, ...(model.sizes.length ? { size } : { aspect }) };
  }

  /** The settings a past job ran with. */
  function runOf(g: Generation, prompt = g.prompt): Run {
    const p = g.params ?? {};
    return {
      kind: g.kind === "video" ? "video" : "image",
      model: g.model,
      prompt,
      ...(p.aspect ? { aspect: p.aspect } : {}),
      ...(p.size ? { size: p.size } : {}),
      ...(p.duration ? { duration: p.duration } : {}),
      ...(p.imageFrom ? { imageFrom: p.imageFrom } : {}),
    };
  }

  async function cancel(g: Generation) {
    setCancelling(g.id);
    try {
      const res = await fetchJson<{ generation: Generation }>(`/api/generations/${g.id}/cancel`, { method: "POST" });
      if (res.ok && res.data) {
        upsert(res.data.generation);
        toast.success(`Cancelled. Refunded: ${g.price} credits back.`);
      } else {
        const details = res.error?.details as { generation?: Generation } | undefined;
        if (details?.generation) upsert(details.generation);
        setNotices((n) => ({ ...n, [g.id]: res.error?.message ?? "This job could not be cancelled." }));
      }
    } catch {
      toast.error("Could not reach the server.");
    } finally {
      setCancelling(null);
    }
  }

  async function askPermission() {
    if (typeof Notification === "undefined") return;
    setPermission(await Notification.requestPermission());
  }

  const run = current();
  const offline = model?.unavailable;

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-4xl font-black tracking-tight">Studio</h1>
          <p className="mt-2 text-white/50">Images and video from the best models, paid in credits.</p>
        </div>
      </header>

      <Tabs id="studio-kind" label="Kind" tabs={KINDS} value={kind} onChange={chooseKind} className="mt-8" />

      <TabPanel id="studio-kind" tab={kind} className="mt-6">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" role="list" aria-label="Models">
          {ofKind.map((m) => (
            <ModelCard key={m.id} model={m} selected={m.id === model?.id} onSelect={() => chooseModel(m)} />
          ))}
        </div>
      </TabPanel>

      {model && (
        <section aria-label="Run settings" className="mt-6 rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5">
          <Textarea
            label="Prompt"
            value={prompt}
            onChange={(e) => setPrompt(e.target.value.slice(0, model.promptMax))}
            rows={3}
            hint={`${prompt.length}/${model.promptMax}`}
            placeholder={kind === "video" ? "A slow dolly through a neon-lit alley in the rain…" : "A lighthouse at dusk, cinematic light…"}
          />
          <div className="mt-4 flex flex-wrap items-end gap-3">
            {model.sizes.length ? (
              <Select label="Size" value={size} onChange={(e) => setSize(e.target.value)} options={model.sizes.map((s) => ({ value: s, label: s.replace("x", " × ") }))} fieldClassName="w-40" />
            ) : model.aspects.length ? (
              <Select label="Aspect" value={aspect} onChange={(e) => setAspect(e.target.value)} options={model.aspects.map((a) => ({ value: a, label: a }))} fieldClassName="w-32" />
            ) : null}
            {kind === "video" &&
              (model.durations.length > 1 ? (
                <Select
                  label="Length"
                  value={String(duration)}
                  onChange={(e) => setDuration(Number(e.target.value))}
                  options={model.durations.map((d) => ({ value: String(d), label: `${d} s · ${priceOf(model, d)} credits` }))}
                  fieldClassName="w-48"
                />
              ) : (
                <span className="pb-2.5 text-sm text-white/60" data-testid="length">
                  Length {model.durations[0]}s
                </span>
              ))}
            <div className="ml-auto flex flex-wrap items-center gap-3">
              {offline ? (
                <span className="rounded-full bg-white/10 px-5 py-2 text-sm font-bold text-white/60">{offline}</span>
              ) : !model.usable ? (
                <Link href={`/billing?plan=${model.unlockedBy}`} className={buttonClass({ variant: "secondary" })}>
                  Upgrade to {model.unlockedByName}
                </Link>
              ) : (
                <Button onClick={() => run && request(run)} disabled={busy || !run || balance < price} loading={busy}>
                  {busy ? "Generating…" : `Generate · ${price} credits`}
                </Button>
              )}
            </div>
          </div>
          {!offline && model.usable && balance < price && (
            <p className="mt-3 text-sm text-amber-200">
              This run costs {price} credits and you have {balance}.{" "}
              <Link href="/billing" className="font-bold underline">
                Get more credits
              </Link>
            </p>
          )}
        </section>
      )}

      <div className="mt-10 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-2xl font-black">Results</h2>
        {permission === "default" && (
          <Button variant="ghost" size="sm" onClick={askPermission}>
            Notify me when a clip is ready
          </Button>
        )}
      </div>
      {!loaded && items.length === 0 ? (
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-hidden>
          {[0, 1, 2].map((i) => (
            <div key={i} className="aspect-video animate-pulse rounded-3xl bg-white/5 motion-reduce:animate-none" />
          ))}
        </div>
      ) : items.length === 0 ? (
        <p className="mt-4 text-white/55">Nothing yet. Your generations appear here.</p>
      ) : (
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="results">
          {items.map((g) => (
            <ResultCard
              key={g.id}
              generation={g}
              now={now}
              busy={busy}
              cancelling={cancelling === g.id}
              notice={notices[g.id]}
              animator={g.kind === "image" ? animator : undefined}
              onCancel={() => void cancel(g)}
              onRerun={() => request(runOf(g))}
              onRemix={() => request(runOf(g, g.prompt.endsWith(VARIATION) ? g.prompt : g.prompt + VARIATION))}
              onAnimate={(m) => request({ kind: "video", model: m.id, prompt: g.prompt, imageFrom: g.id })}
            />
          ))}
        </div>
      )}

      <Dialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title={confirming ? `Spend ${runPrice(confirming)} credits?` : ""}
        description={confirming ? `${models.find((m) => m.id === confirming.model)?.name ?? "This model"} · you have ${formatCount(balance)} credits. A failed run is refunded.` : undefined}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(null)}>
              Not now
            </Button>
            <Button
              onClick={() => {
                const r = confirming;
                setConfirming(null);
                if (r) void start(r);
              }}
            >
              {confirming ? `Generate · ${runPrice(confirming)} credits` : "Generate"}
            </Button>
          </>
        }
      />
    </div>
  );
}

const LOCK = (
  <svg aria-hidden viewBox="0 0 16 16" className="size-3 fill-current">
    <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
  </svg>
);

function ModelCard({ model, selected, onSelect }: { model: StudioModel; selected: boolean; onSelect: () => void }) {
  const locked = !model.usable && !model.unavailable;
  return (
    // Locked cards are dimmed by a dashed frame and greyer type, never by opacity: their words stay readable.
    <div
      role="listitem"
      className={`rounded-2xl border transition ${
        selected ? "border-cyan-500 bg-cyan-500/10 shadow-glow" : locked ? "border-dashed border-white/15 hover:bg-white/5" : "border-white/10 bg-white/5 hover:bg-white/10"
      }`}
    >
      <button type="button" onClick={onSelect} aria-pressed={selected} className="w-full rounded-2xl p-4 text-left outline-none focus-visible:ring-2 focus-visible:ring-cyan-400">
        <span className="flex items-center justify-between gap-2">
          <span className={`font-black ${locked ? "text-white/70" : ""}`}>{model.name}</span>
          <span className={`shrink-0 text-sm font-bold ${locked ? "text-cyan-300/80" : "text-cyan-300"}`}>{model.credits} credits</span>
        </span>
        <span className="mt-1 block text-sm text-white/60">{model.tagline}</span>
        <span className="mt-1 block text-xs text-white/55">
          {model.provider} · {optionsLine(model)}
        </span>
        {model.unavailable && <span className="mt-2 block text-xs font-bold uppercase tracking-widest text-amber-300/80">{model.unavailable}</span>}
        {locked && (
          <span className="mt-2 flex items-center gap-1.5 text-xs font-bold uppercase tracking-widest text-white/60" data-testid="lock">
            {LOCK}
            {`${model.unlockedByName} plan unlocks this`}
          </span>
        )}
      </button>
      {locked && (
        <div className="-mt-2 px-4 pb-4">
          <Link href={`/billing?plan=${model.unlockedBy}`} className="inline-flex min-h-6 items-center rounded-full py-1 text-xs font-bold text-cyan-300 outline-none underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-cyan-400">
            Upgrade to {model.unlockedByName} →
          </Link>
        </div>
      )}
    </div>
  );
}

type CardProps = {
  generation: Generation;
  now: number;
  busy: boolean;
  cancelling: boolean;
  notice?: string;
  animator?: StudioModel;
  onCancel: () => void;
  onRerun: () => void;
  onRemix: () => void;
  onAnimate: (model: StudioModel) => void;
};

function ResultCard({ generation: g, now, busy, cancelling, notice, animator, onCancel, onRerun, onRemix, onAnimate }: CardProps) {
  const output = g.outputs[0];
  const open = isOpen(g);
  const cancelled = g.error?.code === "cancelled";
  return (
    <article id={`job-${g.id}`} data-testid="result" data-status={g.status} className="overflow-hidden rounded-3xl border border-white/10 bg-white/5">
      <div className="flex aspect-video items-center justify-center bg-black">
        {output ? (
          output.contentType.startsWith("video/") ? (
            <video src={output.url} muted loop playsInline controls className="size-full object-cover" aria-label={g.prompt} />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={output.url} alt={g.prompt} className="size-full object-cover" />
          )
        ) : (
          <span className={`text-sm font-bold ${cancelled ? "text-white/50" : g.status === "failed" ? "text-red-300" : "animate-pulse text-white/60 motion-reduce:animate-none"}`} data-testid="job-status" aria-live="polite">
            {cancelled ? "Cancelled" : g.status === "failed" ? "Failed" : `${phaseOf(g)} · ${elapsed(g.createdAt, now)}`}
          </span>
        )}
      </div>
      <div className="p-4">
        <p className="line-clamp-2 break-words text-sm text-white/80">{g.prompt}</p>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-white/55">
          <span>
            {g.modelName} · {g.price} credits
          </span>
          {open && <Badge tone="primary">{g.status === "queued" || waiting(g) ? "Queued" : "Running"}</Badge>}
          {g.status === "failed" && <Badge tone={cancelled ? "neutral" : "danger"}>{cancelled ? "Cancelled" : "Failed"}</Badge>}
        </p>
        {g.error && g.error.code !== "cancelled" && <p className="mt-1 text-xs text-red-300">{g.error.message}</p>}
        {g.refunded && (
          <p className="mt-1 text-sm font-bold text-emerald-300" data-testid="refund">
            Refunded: {g.price} credits back
          </p>
        )}
        {notice && (
          <p className="mt-1 text-xs text-amber-200" role="status">
            {notice}
          </p>
        )}
        <div className="mt-3 flex flex-wrap gap-2">
          {open && (
            <Button size="sm" variant="danger" onClick={onCancel} loading={cancelling} disabled={cancelling}>
              Cancel
            </Button>
          )}
          {output && (
            <a href={output.url} download className={buttonClass({ variant: "secondary", size: "sm" })}>
              Download
            </a>
          )}
          {!open && (
            <>
              <Button size="sm" variant="secondary" onClick={onRerun} disabled={busy} title="Run again with the same model, prompt and options">
                Rerun
              </Button>
              <Button size="sm" variant="secondary" onClick={onRemix} disabled={busy} title="The same settings with the prompt marked as a variation; results differ from run to run">
                Remix
              </Button>
            </>
          )}
          {g.status === "succeeded" && animator && output && (
            <Button size="sm" variant="secondary" onClick={() => onAnimate(animator)} disabled={busy} title={`Make a clip of this image with ${animator.name}`}>
              Animate · {animator.credits} credits
            </Button>
          )}
          <Link href="/history" className={buttonClass({ variant: "ghost", size: "sm" })}>
            Open in History
          </Link>
        </div>
      </div>
    </article>
  );
}
