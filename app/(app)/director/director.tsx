"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/shell/api";
import { refreshBalance, spend, useCredits } from "@/components/shell/credits-store";
import { AnchorPicker, type AnchorImage, type AnchorLimits } from "./anchor-picker";
import { JobPanel } from "./job-panel";
import { MotionTiles } from "./motion-tiles";
import { RecentShots } from "./recent-shots";
import { isSelectable, SavedCharacters, type Character } from "./saved-characters";
import { isOpenShot, stateOf, type Shot } from "./shot-steps";
import { formatCount } from "@/components/ui/format";

type Props = {
  initialBalance: number;
  durations: { seconds: number; price: number }[];
  aspects: string[];
  motions: string[];
  promptMax: number;
  anchorLimits: AnchorLimits;
};

type Source = "upload" | "saved";
type Problem = { message: string; link?: { href: string; label: string } };

const POLL_MS = 1_500;
const SOURCES: { id: Source; label: string }[] = [
  { id: "upload", label: "Upload anchors" },
  { id: "saved", label: "Saved character" },
];

/** What an error answer means for the person looking at the form, and where to go about it. */
function problemOf(status: number, body: any): Problem {
  const error = body?.error;
  const message: string = error?.message ?? (status >= 500 ? "The server could not start the shot. Try again in a moment." : "Something went wrong.");
  if (error?.code === "insufficient_credits") return { message, link: { href: "/billing", label: "Get more credits" } };
  if (error?.code === "plan_required") return { message, link: { href: `/billing?plan=${error.details?.required ?? "pro"}`, label: "Upgrade" } };
  return { message };
}

/** Tells someone who has switched tabs that their shot has finished. */
function announce(title: string) {
  if (typeof document === "undefined" || !document.hidden) return;
  const original = document.title;
  document.title = `${title} · Director`;
  const restore = () => {
    if (document.hidden) return;
    document.title = original;
    document.removeEventListener("visibilitychange", restore);
  };
  document.addEventListener("visibilitychange", restore);
  if ("Notification" in window && Notification.permission === "granted") new Notification(title);
}

export function Director({ initialBalance, durations, aspects, motions, promptMax, anchorLimits }: Props) {
  const balance = useCredits() ?? initialBalance;
  const [source, setSource] = useState<Source>("upload");
  const [anchors, setAnchors] = useState<AnchorImage[]>([]);
  const [characterName, setCharacterName] = useState("");
  const [characters, setCharacters] = useState<Character[] | null>(null);
  const [characterId, setCharacterId] = useState<string | null>(null);
  const [motion, setMotion] = useState(motions.includes("dolly") ? "dolly" : motions[0]!);
  const [aspect, setAspect] = useState(aspects[0] ?? "16:9");
  const [duration, setDuration] = useState(durations[0]?.seconds ?? 5);
  const [prompt, setPrompt] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [shots, setShots] = useState<Shot[] | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const shotsRef = useRef<Shot[]>([]);
  shotsRef.current = shots ?? [];

  const price = durations.find((d) => d.seconds === duration)?.price ?? durations[0]?.price ?? 0;
  const selectedCharacter = characters?.find((c) => c.id === characterId && isSelectable(c));
  const current = shots?.find((s) => s.id === currentId) ?? null;

  const upsert = useCallback((shot: Shot) => {
    setShots((list) => {
      const items = list ?? [];
      return items.some((s) => s.id === shot.id) ? items.map((s) => (s.id === shot.id ? shot : s)) : [shot, ...items];
    });
  }, []);

  const loadCharacters = useCallback(async () => {
    const res = await fetch("/api/characters").catch(() => null);
    if (!res?.ok) return setCharacters((c) => c ?? []);
    const body = (await res.json()) as { characters: Character[] };
    setCharacters(body.characters);
  }, []);

  useEffect(() => {
    void loadCharacters();
    fetch("/api/generations?kind=director&limit=12")
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((body: { items: Shot[] }) => setShots((list) => [...(list ?? []), ...body.items.filter((i) => !list?.some((s) => s.id === i.id))]))
      .catch(() => setShots((list) => list ?? []));
  }, [loadCharacters]);

  // Open shots are polled; each poll lets the server move the job along its steps.
  useEffect(() => {
    let polling = false;
    const timer = setInterval(async () => {
      if (polling) return;
      polling = true;
      try {
        for (const before of shotsRef.current.filter(isOpenShot)) {
          const res = await fetch(`/api/generations/${before.id}`).catch(() => null);
          if (!res?.ok) continue;
          const { generation: shot } = (await res.json()) as { generation: Shot };
          upsert(shot);
          const trained = stateOf(before, "character") !== "succeeded" && stateOf(shot, "character") === "succeeded";
          if (trained && shot.params.anchorCount) void loadCharacters();
          if (isOpenShot(shot)) continue;
          // A refund (or the final charge) moved the ledger: the header follows the server.
          void refreshBalance();
          void loadCharacters();
          if (shot.status === "succeeded") {
            toast.success("Your shot is ready.");
            announce("Shot ready");
          } else {
            toast.error(shot.error?.message ?? `The shot failed; your ${shot.price} credits were refunded.`);
            announce("Shot failed");
          }
        }
      } finally {
        polling = false;
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [upsert, loadCharacters]);

  const missing = !prompt.trim()
    ? "Write a prompt."
    : source === "upload" && anchors.length === 0
      ? "Add at least one face photo."
      : source === "saved" && !selectedCharacter
        ? "Pick a saved character."
        : balance < price
          ? `A shot costs ${price} credits; you have ${formatCount(balance)}.`
          : null;

  async function generate() {
    if (busy || missing) return;
    setBusy(true);
    setProblem(null);
    const undo = spend(price);
    const body: Record<string, unknown> = { prompt, motion, aspect, duration };
    if (source === "upload") {
      body.anchors = anchors.map((a) => a.dataUrl);
      if (characterName.trim()) body.characterName = characterName.trim();
    } else {
      body.characterId = selectedCharacter!.id;
    }
    try {
      // fetchJson puts the answer's balance into the store; undo only matters when none came back.
      const res = await fetchJson<{ generation: Shot }>("/api/video/director", {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        json: body,
      });
      if (res.ok && res.data?.generation) {
        upsert(res.data.generation);
        setCurrentId(res.data.generation.id);
        // On a phone the panel sits below the form: bring the steps into view.
        if (!window.matchMedia("(min-width: 1024px)").matches) panelRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
        toast.message(source === "upload" ? "Training your character, then filming…" : "Filming your shot…");
        if (source === "upload") void loadCharacters();
      } else {
        undo();
        const found = problemOf(res.status, { error: res.error });
        setProblem(found);
        toast.error(found.message);
      }
    } catch {
      undo();
      setProblem({ message: "Could not reach the server. Check your connection and try again." });
      toast.error("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-4xl font-black tracking-tight">Director</h1>
          <p className="mt-2 text-white/50">Your character, your camera: a face from your photos, filmed the way you direct it.</p>
        </div>
      </header>

      <div className="mt-8 grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 space-y-6 lg:col-span-3">
          <Panel step={1} title="Character">
            <div role="tablist" aria-label="Character source" className="grid grid-cols-2 gap-1 rounded-full bg-black p-1">
              {SOURCES.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  role="tab"
                  aria-selected={source === s.id}
                  onClick={() => {
                    setSource(s.id);
                    if (s.id === "saved") void loadCharacters();
                  }}
                  className={`whitespace-nowrap rounded-full px-2 py-2 text-sm font-bold transition ${source === s.id ? "bg-cyan-500 text-black" : "text-white/60 hover:text-white"}`}
                >
                  {s.label}
                  {s.id === "saved" && characters?.length ? <span className="ml-1 hidden opacity-60 sm:inline">({characters.length})</span> : null}
                </button>
              ))}
            </div>
            <div role="tabpanel" className="mt-4">
              {source === "upload" ? (
                <AnchorPicker anchors={anchors} onChange={setAnchors} name={characterName} onNameChange={setCharacterName} limits={anchorLimits} disabled={busy} />
              ) : (
                <SavedCharacters
                  characters={characters}
                  selectedId={characterId}
                  onSelect={setCharacterId}
                  onRenamed={(c) => setCharacters((list) => list?.map((x) => (x.id === c.id ? c : x)) ?? [c])}
                  disabled={busy}
                />
              )}
            </div>
            <p className="mt-4 flex gap-2 text-xs text-white/50">
              <svg aria-hidden viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0 text-cyan-400">
                <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
                <path d="M8 4.5V8l2.2 1.4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
              </svg>
              <span>Training a new character takes a few minutes with the real providers. A saved character skips that step and goes straight to the keyframe.</span>
            </p>
          </Panel>

          <Panel step={2} title="Camera motion">
            <MotionTiles motions={motions} value={motion} onChange={setMotion} />
          </Panel>

          <Panel step={3} title="Scene">
            <label className="block">
              <span className="sr-only">Prompt</span>
              <textarea
                value={prompt}
                onChange={(e) => setPrompt(e.target.value.slice(0, promptMax))}
                rows={4}
                maxLength={promptMax}
                placeholder="She walks out of the rain into a neon-lit diner, night, cinematic light…"
                className="w-full resize-none rounded-2xl border border-white/10 bg-black p-3 text-base outline-none placeholder:text-white/40 focus:border-cyan-500/60"
              />
            </label>
            <p data-testid="prompt-count" className={`mt-1 text-right text-xs ${prompt.length >= promptMax ? "text-amber-300" : "text-white/55"}`}>
              {prompt.length}/{promptMax}
            </p>
            <div className="mt-3 flex flex-wrap gap-x-6 gap-y-3">
              <Choice label="Aspect" options={aspects.map((a) => ({ value: a, label: a }))} value={aspect} onChange={setAspect} />
              <Choice
                label="Length"
                options={durations.map((d) => ({ value: String(d.seconds), label: `${d.seconds} s · ${d.price} credits` }))}
                value={String(duration)}
                onChange={(v) => setDuration(Number(v))}
              />
            </div>
          </Panel>

          <div className="space-y-3">
            <button
              type="button"
              onClick={() => void generate()}
              disabled={busy || Boolean(missing)}
              className="w-full rounded-full bg-cyan-500 px-6 py-3.5 text-lg font-black text-black shadow-[0_0_32px] shadow-cyan-500/40 transition hover:bg-cyan-400 disabled:opacity-40 disabled:shadow-none"
            >
              {busy ? "Starting your shot…" : `Generate · ${price} credits`}
            </button>
            {missing && !busy && <p className="text-center text-sm text-white/55">{missing}</p>}
            {problem && (
              <div role="alert" data-testid="form-error" className="rounded-2xl border border-red-500/40 bg-red-500/10 px-4 py-3 text-sm text-red-100">
                <span className="break-words">{problem.message}</span>
                {problem.link && (
                  <Link href={problem.link.href} className="ml-2 font-bold text-cyan-300 underline">
                    {problem.link.label}
                  </Link>
                )}
              </div>
            )}
          </div>
        </div>

        <div className="min-w-0 lg:col-span-2">
          <div ref={panelRef} className="scroll-mt-4 lg:sticky lg:top-6">
            <JobPanel shot={current} characterName={characters?.find((c) => c.id === current?.params.characterId)?.name} />
          </div>
        </div>
      </div>

      <h2 className="mt-12 text-2xl font-black">Recent shots</h2>
      <RecentShots shots={shots} />
    </div>
  );
}

function Panel({ step, title, children }: { step: number; title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5">
      <h2 className="mb-4 flex items-center gap-2 font-black">
        <span className="flex size-6 items-center justify-center rounded-full bg-cyan-500/15 text-xs text-cyan-300">{step}</span>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Choice({ label, options, value, onChange }: { label: string; options: { value: string; label: string }[]; value: string; onChange: (v: string) => void }) {
  return (
    <div role="radiogroup" aria-label={label} className="min-w-0">
      <p className="text-xs font-bold uppercase tracking-widest text-white/55">{label}</p>
      <div className="mt-1.5 flex flex-wrap gap-1.5">
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={value === o.value}
            onClick={() => onChange(o.value)}
            className={`rounded-full px-3.5 py-1.5 text-sm font-bold transition ${value === o.value ? "bg-cyan-500 text-black" : "bg-white/5 text-white/70 hover:bg-white/10"}`}
          >
            {o.label}
          </button>
        ))}
      </div>
    </div>
  );
}
