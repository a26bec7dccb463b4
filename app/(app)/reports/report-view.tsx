"use client";

import Markdown from "react-markdown";
import { findModel } from "@/lib/catalog";
import { ChartCard } from "./chart-card";
import type { ChartSpec } from "./chart-spec";
import { daysOf, periodLabel } from "./period";
import type { Figures, Report } from "./report-types";
import { formatCount, formatDayKey, formatDayTime } from "@/components/ui/format";

const nameOf = (model: string) => findModel(model)?.name ?? model;
const percent = (rate: number) => Math.round(rate * 1000) / 10;
const shortDay = (day: string) => formatDayKey(day);

function chartsOf(f: Figures): { spend: ChartSpec; success: ChartSpec; latency: ChartSpec; activity: ChartSpec } {
  const models = f.byModel.map((m) => nameOf(m.model));
  const timed = f.byModel.filter((m) => m.latencyP50Seconds !== null || m.latencyP95Seconds !== null);
  const spentOn = new Map(f.spendTrend.map((d) => [d.day, d.creditsSpent]));
  const days = daysOf(f);
  return {
    spend: {
      type: "bar",
      horizontal: true,
      labels: models,
      series: [
        { label: "Spent", values: f.byModel.map((m) => m.creditsSpent), tone: "primary" },
        { label: "Refunded", values: f.byModel.map((m) => m.creditsRefunded), tone: "muted" },
      ],
      unit: "credits",
    },
    success: {
      type: "bar",
      horizontal: true,
      labels: models,
      series: [{ label: "Success rate", values: f.byModel.map((m) => (m.succeeded + m.failed ? percent(m.successRate) : null)), tone: "primary" }],
      unit: "percent",
      max: 100,
    },
    latency: {
      type: "bar",
      horizontal: true,
      labels: timed.map((m) => nameOf(m.model)),
      series: [
        { label: "p50", values: timed.map((m) => m.latencyP50Seconds), tone: "primary" },
        { label: "p95", values: timed.map((m) => m.latencyP95Seconds), tone: "light" },
      ],
      unit: "seconds",
    },
    activity: {
      type: "line",
      labels: days.map(shortDay),
      series: [{ label: "Credits spent", values: days.map((d) => spentOn.get(d) ?? 0), tone: "primary" }],
      unit: "credits",
    },
  };
}

function Figure({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div className="rounded-2xl border border-white/10 bg-white/5 p-4">
      <p className="text-xs font-semibold uppercase tracking-widest text-white/55">{label}</p>
      <p className="mt-1 text-3xl font-black tabular-nums" data-testid={testId}>{value}</p>
      {note && <p className="mt-1 text-xs text-white/55">{note}</p>}
    </div>
  );
}

/** One production report: the figures, their charts, then what the model made of them. */
export function ReportView({ report }: { report: Report }) {
  const f = report.figures;
  const t = f.totals;
  const charts = chartsOf(f);
  const period = { from: report.period_from, to: report.period_to };
  return (
    <article className="min-w-0 space-y-6" data-testid="report" aria-labelledby="report-title">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-widest text-cyan-300/80">Production report</p>
          <h2 id="report-title" className="mt-1 text-2xl font-black tracking-tight sm:text-3xl">{periodLabel(period)}</h2>
          <p className="mt-1 text-xs text-white/55">
            Written {formatDayTime(report.created_at, { year: true })}
            {report.provider ? ` · narrative by ${report.provider}` : ""}
          </p>
        </div>
        <a
          href={`/api/reports/${report.id}?format=md`}
          download
          className="rounded-full border border-white/15 bg-white/5 px-4 py-2 text-sm font-bold text-white/80 outline-none hover:bg-white/10 focus-visible:ring-2 focus-visible:ring-cyan-400"
        >
          Export Markdown
        </a>
      </header>

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Figure label="Generations" value={formatCount(t.generations)} note={`${t.succeeded} succeeded · ${t.failed} failed${t.cancelled ? ` · ${t.cancelled} cancelled` : ""}${t.open ? ` · ${t.open} in progress` : ""}`} testId="figure-generations" />
        <Figure label="Success rate" value={`${percent(t.successRate)}%`} note="of those that finished" testId="figure-success" />
        <Figure label="Credits spent" value={formatCount(t.creditsSpent)} note="kept by finished work" testId="figure-spent" />
        <Figure label="Refunded" value={formatCount(t.creditsRefunded)} note={t.cancelled ? "returned for failures and cancellations" : "returned for failures"} testId="figure-refunded" />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard title="Spend per model" note="Credits kept and refunded" spec={charts.spend} testId="chart-spend" />
        <ChartCard title="Success rate per model" note="Succeeded out of finished" spec={charts.success} testId="chart-success" />
        <ChartCard title="Latency per model" note="Seconds from request to result, succeeded work" spec={charts.latency} testId="chart-latency" />
        <ChartCard title="Activity per day" note="Credits spent each UTC day" spec={charts.activity} testId="chart-activity" />
      </div>

      <section className="rounded-3xl border border-cyan-500/20 bg-cyan-500/5 p-5" aria-labelledby="narrative-title">
        <h3 id="narrative-title" className="font-black tracking-tight">What it means</h3>
        {/* Markdown as text: raw HTML in a narrative is shown, never run. */}
        <div className="mt-3 space-y-3 text-sm leading-relaxed text-white/85 [&_strong]:text-white" data-testid="narrative">
          <Markdown>{report.narrative}</Markdown>
        </div>
        <h3 className="mt-6 font-black tracking-tight">Recommendations</h3>
        <ul className="mt-3 space-y-2 text-sm leading-relaxed text-white/85">
          {report.recommendations.map((r, i) => (
            <li key={i} className="flex gap-3">
              <span aria-hidden className="mt-2 h-1.5 w-1.5 shrink-0 rounded-full bg-cyan-400" />
              <div className="min-w-0 [&_p]:inline">
                <Markdown>{r}</Markdown>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
