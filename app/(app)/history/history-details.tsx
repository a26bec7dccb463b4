"use client";

import { m } from "framer-motion";
import { useCallback, useEffect, useRef, useState } from "react";
import type { HistoryItem, LedgerEntry } from "@/lib/history/history-item";
import { FavouriteButton } from "./favourite-button";
import { fullTime } from "./history-card";
import { StatusBadge } from "./status-badge";
import { useReducedMotion } from "./use-reduced-motion";
import { formatCount } from "@/components/ui/format";

type Ledger = { state: "loading" } | { state: "error" } | { state: "ready"; rows: LedgerEntry[] };

const STEP_TITLES: Record<string, string> = { character: "Character", keyframe: "Keyframe", shot: "Shot" };
const STEP_STATES: Record<string, string> = {
  submitting: "Starting",
  running: "Working",
  succeeded: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

const PARAM_LABELS: Record<string, string> = { anchorCount: "anchors", characterName: "character" };
// Ids of other records say nothing to a reader.
const HIDDEN_PARAMS = new Set(["characterId", "imageFrom"]);
const paramValue = (key: string, value: unknown) => (key === "duration" ? `${value} s` : String(value));

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

const extensionOf = (contentType: string) => contentType.split("/")[1]?.split("+")[0]?.toUpperCase() ?? "FILE";

/** What a ledger row means for this generation: the reservation is the charge once the job succeeded. */
function ledgerLabel(row: LedgerEntry, item: HistoryItem): string {
  if (row.reason === "reserve") {
    if (item.status === "succeeded") return "Charged";
    if (item.status === "failed") return "Held";
    return "Held while it runs";
  }
  if (row.reason === "refund") return "Refunded";
  return row.reason.charAt(0).toUpperCase() + row.reason.slice(1).replace(/_/g, " ");
}

function summaryOf(item: HistoryItem): string {
  if (item.refunded) return `The ${item.price} credits held for it were refunded in full: it cost nothing.`;
  if (item.status === "succeeded") return `It cost ${item.price} credits, reserved when it started and kept when it finished.`;
  if (item.status === "failed") return "It failed.";
  return `${item.price} credits are held until it finishes; a failure refunds them.`;
}

function duration(from: string | null, to: string | null): string | null {
  if (!from || !to) return null;
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return null;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** The side sheet of one generation: its media, the credits it moved and why, its steps, its files. */
export function HistoryDetails({ item, onClose, onFavourite }: { item: HistoryItem; onClose: () => void; onFavourite?: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const reduced = useReducedMotion();
  const [ledger, setLedger] = useState<Ledger>({ state: "loading" });
  const finished = item.status === "succeeded" || item.status === "failed";

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  const loadLedger = useCallback(async (signal?: AbortSignal) => {
    setLedger({ state: "loading" });
    try {
      const res = await fetch(`/api/generations/${item.id}/ledger`, { signal });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { rows: LedgerEntry[] };
      setLedger({ state: "ready", rows: body.rows });
    } catch (error) {
      if ((error as Error).name !== "AbortError") setLedger({ state: "error" });
    }
  }, [item.id]);

  // Read again once the job ends: a refund is written then.
  useEffect(() => {
    const controller = new AbortController();
    void loadLedger(controller.signal);
    return () => controller.abort();
  }, [loadLedger, finished]);

  const output = item.outputs[0];
  const preview = item.steps?.find((st) => st.preview)?.preview;
  const params = Object.entries(item.params ?? {}).filter(([k, v]) => !HIDDEN_PARAMS.has(k) && v !== undefined && v !== null && typeof v !== "object");

  return (
    <dialog
      ref={dialog}
      aria-labelledby="details-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) e.currentTarget.close();
      }}
      className="fixed inset-0 m-0 ml-auto h-dvh max-h-dvh w-full max-w-xl overflow-hidden bg-transparent p-0 text-white backdrop:bg-black/70 backdrop:backdrop-blur-sm"
    >
      <m.div
        initial={reduced ? { opacity: 0 } : { opacity: 0, x: 48 }}
        animate={{ opacity: 1, x: 0 }}
        transition={{ duration: reduced ? 0.1 : 0.25, ease: "easeOut" }}
        data-testid="details"
        className="flex h-full flex-col overflow-y-auto border-l border-white/10 bg-neutral-950/95 shadow-2xl backdrop-blur-xl"
      >
        <header className="sticky top-0 z-10 flex items-center justify-between gap-3 border-b border-white/10 bg-neutral-950/80 px-5 py-4 backdrop-blur-xl">
          <div className="min-w-0">
            <h2 id="details-title" className="truncate text-lg font-black">
              {item.modelName}
            </h2>
            <p className="text-xs text-white/50">
              <time dateTime={item.createdAt}>{fullTime(item.createdAt)}</time>
            </p>
          </div>
          <button
            type="button"
            onClick={() => dialog.current?.close()}
            className="rounded-full border border-white/15 bg-white/5 px-4 py-1.5 text-sm font-bold hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-400"
          >
            Close
          </button>
        </header>

        <div className="space-y-6 p-5">
          <div className={`relative overflow-hidden rounded-2xl border border-white/10 bg-black ${output || preview ? "aspect-video" : "h-28"}`}>
            {output?.contentType.startsWith("video/") ? (
              <video src={output.url} controls muted loop playsInline preload="metadata" width={640} height={360} className="h-full w-full object-contain" />
            ) : output || preview ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={output?.url ?? preview} alt={output ? item.prompt : "Keyframe"} width={640} height={360} className="h-full w-full object-contain" />
            ) : (
              <div className="flex h-full items-center justify-center px-6 pt-6 text-center text-sm text-white/50">
                {item.kind === "chat" || item.kind === "text" ? "Text work is kept with its thread, kit or report." : finished ? "No output was kept." : "Still working…"}
              </div>
            )}
            <StatusBadge status={item.status} errorCode={item.error?.code} queuePosition={item.queuePosition} className="absolute left-3 top-3" />
          </div>

          <div className="flex flex-wrap items-center gap-3">
            {onFavourite && <FavouriteButton on={item.favourite} onToggle={onFavourite} withLabel />}
            {item.outputs.map((o, i) => (
              <a
                key={o.url}
                href={o.url}
                download
                className="glow rounded-full bg-cyan-500 px-4 py-2 text-sm font-black text-black hover:bg-cyan-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-300"
              >
                Download{item.outputs.length > 1 ? ` ${i + 1}` : ""} · {extensionOf(o.contentType)}, {bytes(o.size)}
              </a>
            ))}
          </div>


          <section>
            <h3 className="text-xs font-bold uppercase tracking-widest text-white/55">Prompt</h3>
            <p className="mt-2 whitespace-pre-wrap break-words text-sm text-white/85">{item.prompt}</p>
            {params.length > 0 && (
              <dl className="mt-3 flex flex-wrap gap-2 text-xs">
                {params.map(([k, v]) => (
                  <div key={k} className="rounded-full bg-white/5 px-3 py-1">
                    <dt className="inline text-white/55">{PARAM_LABELS[k] ?? k} </dt>
                    <dd className="inline font-bold text-white/80">{paramValue(k, v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>

          {item.error && (
            <section className="rounded-2xl border border-red-500/30 bg-red-500/5 p-4">
              <h3 className="text-xs font-bold uppercase tracking-widest text-red-300/80">Why it failed</h3>
              <p className="mt-1 break-words text-sm text-red-200" data-testid="failure">
                {item.error.message}
              </p>
            </section>
          )}

          <section aria-labelledby="ledger-title">
            <h3 id="ledger-title" className="text-xs font-bold uppercase tracking-widest text-white/55">
              Credits
            </h3>
            <p className="mt-2 text-sm text-white/70">{summaryOf(item)}</p>
            {ledger.state === "loading" ? (
              <div aria-label="Loading the ledger" className="mt-3 space-y-2">
                <div className="h-12 rounded-xl bg-white/5 motion-safe:animate-pulse" />
                <div className="h-12 rounded-xl bg-white/5 motion-safe:animate-pulse" />
              </div>
            ) : ledger.state === "error" ? (
              <p className="mt-3 text-sm text-red-300">
                The ledger could not be loaded.{" "}
                <button type="button" onClick={() => void loadLedger()} className="font-bold underline underline-offset-2">
                  Try again
                </button>
              </p>
            ) : ledger.rows.length === 0 ? (
              <p className="mt-3 text-sm text-white/50">No credits moved for it.</p>
            ) : (
              <ol className="mt-3 space-y-2" data-testid="ledger">
                {ledger.rows.map((row, i) => (
                  <li key={i} data-testid="ledger-row" data-reason={row.reason} className="rounded-xl border border-white/10 bg-white/[0.03] px-4 py-3">
                    <div className="flex items-baseline justify-between gap-3">
                      <span className="font-bold">{ledgerLabel(row, item)}</span>
                      <span className={`font-black tabular-nums ${row.delta < 0 ? "text-white" : "text-cyan-300"}`}>{signed(row.delta)} credits</span>
                    </div>
                    <div className="mt-0.5 flex flex-wrap justify-between gap-x-3 text-xs text-white/55">
                      <time dateTime={row.createdAt}>{fullTime(row.createdAt)}</time>
                      <span className="tabular-nums">Balance after: {formatCount(row.balanceAfter)}</span>
                    </div>
                    {row.note && <p className="mt-1 break-words text-xs text-white/70">Why: {row.note}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>

          {item.steps && item.steps.length > 0 && (
            <section>
              <h3 className="text-xs font-bold uppercase tracking-widest text-white/55">Steps</h3>
              <ol className="mt-3 space-y-2" data-testid="steps">
                {item.steps.map((step, i) => (
                  <li key={step.name} data-testid={`step-${step.name}`} data-status={step.status} className="flex items-center gap-3 rounded-xl border border-white/10 bg-white/[0.03] p-3">
                    {step.preview ? (
                      // eslint-disable-next-line @next/next/no-img-element
                      <img src={step.preview} alt="Keyframe" width={64} height={36} className="h-9 w-16 shrink-0 rounded-md object-cover" />
                    ) : (
                      <span aria-hidden className="flex h-9 w-16 shrink-0 items-center justify-center rounded-md bg-white/5 text-xs font-black text-white/55">
                        {i + 1}
                      </span>
                    )}
                    <div className="min-w-0 flex-1">
                      <p className="text-sm font-bold">{STEP_TITLES[step.name] ?? step.name}</p>
                      <p className="text-xs text-white/50">
                        <span className={step.status === "failed" ? "text-red-300" : step.status === "succeeded" ? "text-emerald-300" : ""}>
                          {STEP_STATES[step.status] ?? step.status}
                        </span>
                        {duration(step.startedAt, step.finishedAt) && ` · ${duration(step.startedAt, step.finishedAt)}`}
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          )}

          <section>
            <h3 className="text-xs font-bold uppercase tracking-widest text-white/55">Timing</h3>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-white/55">Created</dt>
              <dd>{fullTime(item.createdAt)}</dd>
              {item.startedAt && (
                <>
                  <dt className="text-white/55">Started</dt>
                  <dd>{fullTime(item.startedAt)}</dd>
                </>
              )}
              {item.finishedAt && (
                <>
                  <dt className="text-white/55">Finished</dt>
                  <dd>
                    {fullTime(item.finishedAt)}
                    {duration(item.createdAt, item.finishedAt) && <span className="text-white/55"> · took {duration(item.createdAt, item.finishedAt)}</span>}
                  </dd>
                </>
              )}
            </dl>
          </section>
        </div>
      </m.div>
    </dialog>
  );
}
