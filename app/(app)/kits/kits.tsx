"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchJson } from "@/components/shell/api";
import { spend, useCredits } from "@/components/shell/credits-store";
import { MARKETING_CHANNEL_IDS, MARKETING_CHANNELS, type MarketingChannel } from "@/lib/catalog";
import { KitView } from "./kit-view";
import type { ApiErrorBody, KitRow } from "./kit-types";
import { formatCount, formatDayTime } from "@/components/ui/format";

const BRIEF_MAX = 2000;
const TONES = ["confident", "playful", "warm", "premium", "bold", "calm", "witty"];
type Problem = { message: string; billing?: boolean };

async function bodyOf<T>(res: Response): Promise<T & ApiErrorBody> {
  return (await res.json().catch(() => ({}))) as T & ApiErrorBody;
}

function problemOf(res: { status: number }, body: ApiErrorBody): Problem {
  const error = body.error;
  if (error?.code === "insufficient_credits") return { message: error.message ?? "Not enough credits.", billing: true };
  if (error?.code === "provider_failed") return { message: `${error.message ?? "The kit could not be written."}${error.details?.refunded ? " Your credits were refunded." : ""}` };
  return { message: error?.message ?? `Something went wrong (${res.status}).` };
}

const day = (iso: string) => formatDayTime(iso, { year: true });

export function Kits({ initialBalance, price, initialKitId }: { initialBalance: number; price: number; initialKitId: string | null }) {
  const balance = useCredits() ?? initialBalance;
  const [brief, setBrief] = useState("");
  const [channels, setChannels] = useState<MarketingChannel[]>(["instagram", "x"]);
  const [tone, setTone] = useState("confident");
  const [creating, setCreating] = useState(false);
  const [createProblem, setCreateProblem] = useState<Problem | null>(null);

  const [list, setList] = useState<KitRow[] | null>(null);
  const [listProblem, setListProblem] = useState<string | null>(null);
  const [kit, setKit] = useState<KitRow | null>(null);
  const [reading, setReading] = useState(false);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const opening = useRef<string | null>(null);

  const show = useCallback((row: KitRow) => {
    opening.current = row.id;
    setKit(row);
    setReadProblem(null);
    window.history.replaceState(null, "", `?kit=${encodeURIComponent(row.id)}`);
  }, []);

  const openById = useCallback(async (id: string) => {
    opening.current = id;
    setReading(true);
    setReadProblem(null);
    try {
      const res = await fetch(`/api/marketing/kits/${encodeURIComponent(id)}`);
      const body = await bodyOf<{ kit: KitRow }>(res);
      if (opening.current !== id) return;
      if (res.ok) setKit(body.kit);
      else setReadProblem(res.status === 404 ? "This kit does not exist, or is not yours." : problemOf(res, body).message);
    } catch {
      if (opening.current === id) setReadProblem("Could not reach the server.");
    } finally {
      if (opening.current === id) setReading(false);
    }
  }, []);

  const loadList = useCallback(async () => {
    setListProblem(null);
    try {
      const res = await fetch("/api/marketing/kits");
      const body = await bodyOf<{ items: KitRow[] }>(res);
      if (!res.ok) return setListProblem(problemOf(res, body).message);
      setList(body.items);
      return body.items;
    } catch {
      setListProblem("Could not reach the server.");
    }
  }, []);

  useEffect(() => {
    if (initialKitId) void openById(initialKitId);
    void loadList().then((items) => {
      if (!initialKitId && items?.[0]) show(items[0]);
    });
  }, [initialKitId, loadList, openById, show]);

  function toggle(channel: MarketingChannel) {
    setChannels((list) => (list.includes(channel) ? list.filter((c) => c !== channel) : MARKETING_CHANNEL_IDS.filter((c) => c === channel || list.includes(c))));
  }

  const problem = !brief.trim() ? "Write a brief." : channels.length === 0 ? "Pick at least one channel." : !tone.trim() ? "Name a tone." : null;

  async function create(e: React.FormEvent) {
    e.preventDefault();
    if (creating || problem) return;
    setCreating(true);
    setCreateProblem(null);
    const undo = spend(price);
    try {
      // fetchJson puts the answer's balance into the store; undo only matters when none came back.
      const res = await fetchJson<{ kit: KitRow; balance: number }>("/api/marketing/generate", {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        json: { brief: brief.trim(), channels, tone: tone.trim() },
      });
      if (!res.ok || !res.data) {
        undo();
        setCreateProblem(problemOf(res, { error: res.error ?? undefined }));
        return;
      }
      const body = res.data;
      setList((items) => [body.kit, ...(items ?? []).filter((k) => k.id !== body.kit.id)]);
      show(body.kit);
    } catch {
      undo();
      setCreateProblem({ message: "Could not reach the server. Nothing was charged unless the kit appears in the list." });
    } finally {
      setCreating(false);
    }
  }

  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-4xl font-black tracking-tight">Marketing kits</h1>
          <p className="mt-2 text-white/50">One brief, a whole campaign: headline, a caption per channel, hashtags, an email, a call to action.</p>
        </div>
      </header>

      <form onSubmit={create} className="mt-8 rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5" aria-labelledby="new-kit">
        <h2 id="new-kit" className="font-black tracking-tight">New kit</h2>
        <label htmlFor="kit-brief" className="mt-3 block text-xs font-semibold text-white/50">Brief</label>
        <textarea
          id="kit-brief"
          value={brief}
          onChange={(e) => setBrief(e.target.value.slice(0, BRIEF_MAX))}
          rows={3}
          placeholder="Launch of our spring tea blend: floral, caffeine-light, for afternoons at the desk…"
          className="mt-1 w-full resize-y rounded-2xl border border-white/10 bg-black/40 p-3 text-sm outline-none placeholder:text-white/40 focus-visible:ring-2 focus-visible:ring-cyan-400"
        />
        <p className="mt-1 text-right text-xs text-white/55">{brief.length}/{BRIEF_MAX}</p>

        <fieldset className="mt-2">
          <legend className="text-xs font-semibold text-white/50">Channels</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {MARKETING_CHANNEL_IDS.map((c) => {
              const on = channels.includes(c);
              return (
                <button
                  key={c}
                  type="button"
                  aria-pressed={on}
                  onClick={() => toggle(c)}
                  className={`rounded-full px-4 py-1.5 text-sm font-bold outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 ${
                    on ? "bg-cyan-500 text-black shadow-[0_0_24px] shadow-cyan-500/40" : "bg-white/5 text-white/70 hover:bg-white/10"
                  }`}
                >
                  {MARKETING_CHANNELS[c].name}
                  <span className={`ml-1.5 text-xs font-semibold ${on ? "text-black/60" : "text-white/55"}`}>{formatCount(MARKETING_CHANNELS[c].captionMax)}</span>
                </button>
              );
            })}
          </div>
        </fieldset>

        <div className="mt-4 flex flex-wrap items-end gap-3">
          <label className="flex min-w-0 flex-col gap-1 text-xs font-semibold text-white/50">
            Tone
            <input
              value={tone}
              onChange={(e) => setTone(e.target.value.slice(0, 40))}
              list="kit-tones"
              className="w-44 rounded-xl border border-white/10 bg-black px-3 py-2 text-sm text-white outline-none focus-visible:ring-2 focus-visible:ring-cyan-400"
            />
            <datalist id="kit-tones">
              {TONES.map((t) => <option key={t} value={t} />)}
            </datalist>
          </label>
          <button
            type="submit"
            disabled={creating || Boolean(problem) || balance < price}
            className="rounded-full bg-cyan-500 px-6 py-2.5 font-black text-black shadow-[0_0_24px] shadow-cyan-500/40 outline-none focus-visible:ring-2 focus-visible:ring-white disabled:opacity-40"
          >
            {creating ? "Writing kit…" : `Write kit · ${price} credits`}
          </button>
        </div>
        <p className="mt-3 text-xs text-white/55">{problem ?? `${price} credits, refunded if the writing fails. Your brand profile sets the voice.`}</p>
        {balance < price && !creating && (
          <p className="mt-2 text-sm text-amber-300">
            A kit costs {price} credits. <a href="/billing" className="font-bold underline">Top up or upgrade</a>.
          </p>
        )}
        {createProblem && (
          <p role="alert" className="mt-3 rounded-xl border border-red-500/30 bg-red-500/10 px-3 py-2 text-sm text-red-200">
            {createProblem.message}
            {createProblem.billing && (
              <>
                {" "}
                <a href="/billing" className="font-bold underline">Go to billing</a>
              </>
            )}
          </p>
        )}
      </form>

      <div className="mt-8 grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <nav aria-labelledby="past-kits" className="min-w-0">
          <h2 id="past-kits" className="text-xs font-semibold uppercase tracking-widest text-white/55">Past kits</h2>
          {listProblem ? (
            <div role="alert" className="mt-3 text-sm text-red-200">
              {listProblem}{" "}
              <button type="button" onClick={() => void loadList()} className="font-bold underline">Retry</button>
            </div>
          ) : list === null ? (
            <div className="mt-3 space-y-2" aria-busy="true" aria-label="Loading kits">
              {[0, 1, 2].map((i) => <div key={i} className="h-14 animate-pulse rounded-xl bg-white/5 motion-reduce:animate-none" />)}
            </div>
          ) : list.length === 0 ? (
            <p className="mt-3 text-sm text-white/55">None yet. Your kits are kept here.</p>
          ) : (
            <ul className="-mx-1 mt-2 max-h-72 space-y-1 overflow-y-auto p-1 lg:max-h-[40rem]" data-testid="kit-list">
              {list.map((k) => (
                <li key={k.id}>
                  <button
                    type="button"
                    onClick={() => show(k)}
                    aria-current={kit?.id === k.id ? "true" : undefined}
                    className={`w-full rounded-xl px-3 py-2 text-left outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 ${
                      kit?.id === k.id ? "bg-cyan-500/10 text-white ring-1 ring-cyan-500/40" : "text-white/70 hover:bg-white/5"
                    }`}
                  >
                    <span className="line-clamp-2 block text-sm font-bold">{k.brief}</span>
                    <span className="block truncate text-xs text-white/55">
                      {k.channels.map((c) => MARKETING_CHANNELS[c]?.name ?? c).join(", ")} · {day(k.created_at)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>

        <div className="min-w-0" aria-busy={reading || creating}>
          {creating || (reading && !kit) ? (
            <KitSkeleton />
          ) : readProblem ? (
            <p role="alert" className="rounded-3xl border border-red-500/30 bg-red-500/10 p-5 text-sm text-red-200">{readProblem}</p>
          ) : kit ? (
            <KitView key={kit.id} row={kit} />
          ) : list !== null && list.length === 0 ? (
            <div className="rounded-3xl border border-dashed border-white/15 p-10 text-center" data-testid="empty">
              <p className="text-lg font-black">No kits yet</p>
              <p className="mt-2 text-sm text-white/50">Write a brief above, pick where it will run, and get copy sized to each channel.</p>
            </div>
          ) : (
            <KitSkeleton />
          )}
        </div>
      </div>
    </div>
  );
}

function KitSkeleton() {
  return (
    <div className="space-y-4" aria-label="Loading the kit">
      <div className="h-32 animate-pulse rounded-3xl bg-white/5 motion-reduce:animate-none" />
      <div className="grid gap-4 md:grid-cols-2">
        {[0, 1, 2, 3].map((i) => <div key={i} className="h-40 animate-pulse rounded-3xl bg-white/5 motion-reduce:animate-none" />)}
      </div>
    </div>
  );
}
