"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchJson } from "@/components/shell/api";
import { spend, useCredits } from "@/components/shell/credits-store";
import { PRESETS, periodLabel, type Period } from "./period";
import type { ApiErrorBody, Report, ReportSummary } from "./report-types";
import { formatDayTime } from "@/components/ui/format";

// A report is always fetched after the page is up, so its view (and the Markdown renderer it
// brings) loads in its own chunk, asked for on mount while the report itself is on its way.
const loadReportView = () => import("./report-view").then((view) => view.ReportView);
const ReportView = dynamic(loadReportView, { ssr: false, loading: () => <ReportSkeleton /> });

const MAX_DAYS = 366;
type Problem = { message: string; billing?: boolean };

async function bodyOf<T>(res: Response): Promise<T & ApiErrorBody> {
  return (await res.json().catch(() => ({}))) as T & ApiErrorBody;
}

function problemOf(res: { status: number }, body: ApiErrorBody): Problem {
  const error = body.error;
  if (error?.code === "insufficient_credits") return { message: `${error.message ?? "Not enough credits."}`, billing: true };
  if (error?.code === "provider_failed") return { message: `${error.message ?? "The report could not be written."}${error.details?.refunded ? " Your credits were refunded." : ""}` };
  return { message: error?.message ?? `Something went wrong (${res.status}).` };
}

function periodProblem({ from, to }: Period): string | null {
  if (!from || !to) return "Pick both dates.";
  if (to < from) return "The period ends before it starts.";
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAYS) return `A report covers at most ${MAX_DAYS} days.`;
  return null;
}

export function Reports({ initialBalance, price, initialReportId }: { initialBalance: number; price: number; initialReportId: string | null }) {
  const balance = useCredits() ?? initialBalance;
  const [today] = useState(() => new Date());
  const [preset, setPreset] = useState<string>("30d");
  const [period, setPeriod] = useState<Period>(() => PRESETS[1].period(today));
  const [creating, setCreating] = useState(false);
  const [createProblem, setCreateProblem] = useState<Problem | null>(null);
  const [quiet, setQuiet] = useState<string | null>(null);

  const [list, setList] = useState<ReportSummary[] | null>(null);
  const [listProblem, setListProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(initialReportId);
  const [report, setReport] = useState<Report | null>(null);
  const [reading, setReading] = useState(false);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const opening = useRef<string | null>(null);
  const todayIso = today.toISOString().slice(0, 10);

  const open = useCallback(async (id: string) => {
    opening.current = id;
    setSelected(id);
    setReading(true);
    setReadProblem(null);
    window.history.replaceState(null, "", `?report=${encodeURIComponent(id)}`);
    try {
      const res = await fetch(`/api/reports/${encodeURIComponent(id)}`);
      const body = await bodyOf<{ report: Report }>(res);
      if (opening.current !== id) return;
      if (res.ok) setReport(body.report);
      else {
        setReport(null);
        setReadProblem(res.status === 404 ? "This report does not exist, or is not yours." : problemOf(res, body).message);
      }
    } catch {
      if (opening.current === id) setReadProblem("Could not reach the server.");
    } finally {
      if (opening.current === id) setReading(false);
    }
  }, []);

  const loadList = useCallback(async () => {
    setListProblem(null);
    try {
      const res = await fetch("/api/reports");
      const body = await bodyOf<{ items: ReportSummary[] }>(res);
      if (!res.ok) return setListProblem(problemOf(res, body).message);
      setList(body.items);
      return body.items;
    } catch {
      setListProblem("Could not reach the server.");
    }
  }, []);

  useEffect(() => {
    void loadReportView();
    void loadList().then((items) => {
      const first = initialReportId ?? items?.[0]?.id;
      if (first) void open(first);
    });
  }, [loadList, open, initialReportId]);

  function choosePreset(id: string) {
    const p = PRESETS.find((x) => x.id === id)!;
    setPreset(id);
    setPeriod(p.period(today));
  }

  const problem = periodProblem(period);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    if (creating || problem) return;
    setCreating(true);
    setCreateProblem(null);
    setQuiet(null);
    const undo = spend(price);
    try {
      // fetchJson puts the answer's balance into the store; undo only matters when none came back.
      const res = await fetchJson<{ report: Report | null; balance?: number; message?: string }>("/api/reports/production", {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        json: period,
      });
      if (!res.ok || !res.data) {
        undo();
        setCreateProblem(problemOf(res, { error: res.error ?? undefined }));
        return;
      }
      const body = res.data;
      if (!body.report) {
        undo();
        setQuiet(body.message ?? "Nothing was made in this period, and nothing was charged.");
        return;
      }
      const made = body.report;
      setList((items) => [made, ...(items ?? []).filter((r) => r.id !== made.id)]);
      opening.current = made.id;
      setSelected(made.id);
      setReport(made);
      setReadProblem(null);
      window.history.replaceState(null, "", `?report=${encodeURIComponent(made.id)}`);
    } catch {
      undo();
      setCreateProblem({ message: "Could not reach the server. Nothing was charged unless a report appears in the list." });
    } finally {
      setCreating(false);
    }
  }

  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-4xl font-black tracking-tight">Reports</h1>
          <p className="mt-2 text-white/50">What you made, what it cost, what worked. Figures from your own history.</p>
        </div>
      </header>

      <form onSubmit={create} className="mt-8 rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5" aria-labelledby="new-report">
        <h2 id="new-report" className="font-black tracking-tight">New report</h2>
        <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Period presets">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              aria-pressed={preset === p.id}
              onClick={() => choosePreset(p.id)}
              className={`rounded-full px-4 py-1.5 text-sm font-bold outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 ${
                preset === p.id ? "bg-cyan-500 text-black shadow-[0_0_24px] shadow-cyan-500/40" : "bg-white/5 text-white/70 hover:bg-white/10"
              }`}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div className="mt-4 flex flex-wrap items-end gap-3">
          {(["from", "to"] as const).map((end) => (
            <label key={end} className="flex min-w-0 flex-col gap-1 text-xs font-semibold text-white/50">
              {end === "from" ? "From" : "To"}
              <input
                type="date"
                value={period[end]}
                max={todayIso}
                onChange={(e) => {
                  setPreset("custom");
                  setPeriod((p) => ({ ...p, [end]: e.target.value }));
                }}
                className="rounded-xl border border-white/10 bg-black px-3 py-2 text-sm text-white outline-none focus-visible:ring-2 focus-visible:ring-cyan-400"
              />
            </label>
          ))}
          <button
            type="submit"
            disabled={creating || Boolean(problem) || balance < price}
            className="rounded-full bg-cyan-500 px-6 py-2.5 font-black text-black shadow-[0_0_24px] shadow-cyan-500/40 outline-none focus-visible:ring-2 focus-visible:ring-white disabled:opacity-40"
          >
            {creating ? "Writing report…" : `Write report · ${price} credits`}
          </button>
        </div>
        <p className="mt-3 text-xs text-white/55">
          {problem ?? `${periodLabel(period)}, in UTC days. ${price} credits, refunded if the writing fails; a period with nothing made is free.`}
        </p>
        {balance < price && !creating && (
          <p className="mt-2 text-sm text-amber-300">
            A report costs {price} credits. <a href="/billing" className="font-bold underline">Top up or upgrade</a>.
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
        {quiet && (
          <p role="status" className="mt-3 rounded-xl border border-white/10 bg-white/5 px-3 py-2 text-sm text-white/70" data-testid="quiet">
            {quiet}
          </p>
        )}
      </form>

      <div className="mt-8 grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <nav aria-labelledby="past-reports" className="min-w-0">
          <h2 id="past-reports" className="text-xs font-semibold uppercase tracking-widest text-white/55">Past reports</h2>
          {listProblem ? (
            <div role="alert" className="mt-3 text-sm text-red-200">
              {listProblem}{" "}
              <button type="button" onClick={() => void loadList()} className="font-bold underline">Retry</button>
            </div>
          ) : list === null ? (
            <div className="mt-3 space-y-2" aria-busy="true" aria-label="Loading reports">
              {[0, 1, 2].map((i) => <div key={i} className="h-12 animate-pulse rounded-xl bg-white/5 motion-reduce:animate-none" />)}
            </div>
          ) : list.length === 0 ? (
            <p className="mt-3 text-sm text-white/55">None yet. Your reports are kept here.</p>
          ) : (
            <ul className="-mx-1 mt-2 max-h-72 space-y-1 overflow-y-auto p-1 lg:max-h-[36rem]" data-testid="report-list">
              {list.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    onClick={() => void open(r.id)}
                    aria-current={selected === r.id ? "true" : undefined}
                    className={`w-full rounded-xl px-3 py-2 text-left outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 ${
                      selected === r.id ? "bg-cyan-500/10 text-white ring-1 ring-cyan-500/40" : "text-white/70 hover:bg-white/5"
                    }`}
                  >
                    <span className="block text-sm font-bold">{periodLabel({ from: r.period_from, to: r.period_to })}</span>
                    <span className="block text-xs text-white/55">
                      {formatDayTime(r.created_at, { year: true })}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>

        <div className="min-w-0" aria-busy={reading || creating}>
          {creating || (reading && !report) ? (
            <ReportSkeleton />
          ) : readProblem ? (
            <p role="alert" className="rounded-3xl border border-red-500/30 bg-red-500/10 p-5 text-sm text-red-200">
              {readProblem}
            </p>
          ) : report ? (
            <div className={reading ? "opacity-60 transition-opacity motion-reduce:transition-none" : ""}>
              <ReportView report={report} />
            </div>
          ) : list !== null && list.length === 0 ? (
            <div className="rounded-3xl border border-dashed border-white/15 p-10 text-center" data-testid="empty">
              <p className="text-lg font-black">No reports yet</p>
              <p className="mt-2 text-sm text-white/50">Pick a period above and write your first one: spend, success rate and speed per model, charted.</p>
            </div>
          ) : (
            <ReportSkeleton />
          )}
        </div>
      </div>
    </div>
  );
}

function ReportSkeleton() {
  return (
    <div className="space-y-4" aria-label="Loading the report">
      <div className="h-10 w-64 max-w-full animate-pulse rounded-xl bg-white/5 motion-reduce:animate-none" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => <div key={i} className="h-24 animate-pulse rounded-2xl bg-white/5 motion-reduce:animate-none" />)}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {[0, 1].map((i) => <div key={i} className="h-56 animate-pulse rounded-3xl bg-white/5 motion-reduce:animate-none" />)}
      </div>
    </div>
  );
}
