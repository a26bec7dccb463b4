"use client";

import dynamic from "next/dynamic";
import { formatValue, type ChartSpec } from "./chart-spec";

// The chart library arrives with the first chart on screen, never with the page's first load.
const ReportChart = dynamic(() => import("./report-chart"), {
  ssr: false,
  loading: () => <div className="h-full animate-pulse rounded-xl bg-white/5 motion-reduce:animate-none" />,
});

function heightOf(spec: ChartSpec): number {
  if (!spec.horizontal) return 220;
  return Math.max(140, 56 + spec.labels.length * (spec.series.length * 18 + 16));
}

function summaryOf(title: string, spec: ChartSpec): string {
  const points = spec.labels.slice(0, 12).map((label, i) => `${label} ${spec.series.map((s) => formatValue(s.values[i] ?? null, spec.unit)).join(" / ")}`);
  return `${title}. ${points.join("; ")}${spec.labels.length > 12 ? "; and more in the table below" : ""}.`;
}

/** One chart with its numbers: the canvas for the eye, a table for everyone (and screen readers). */
export function ChartCard({ title, note, spec, testId }: { title: string; note?: string; spec: ChartSpec; testId: string }) {
  return (
    <section className="min-w-0 rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5" data-testid={testId}>
      <h3 className="font-black tracking-tight">{title}</h3>
      {note && <p className="mt-0.5 text-xs text-white/55">{note}</p>}
      {spec.labels.length === 0 ? (
        <p className="mt-4 text-sm text-white/55">Nothing to draw for this period.</p>
      ) : (
        <>
          <div className="relative mt-3 w-full" style={{ height: heightOf(spec) }}>
            <ReportChart spec={spec} label={summaryOf(title, spec)} />
          </div>
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer rounded text-xs font-semibold text-white/50 outline-none hover:text-white focus-visible:ring-2 focus-visible:ring-cyan-400">
              Show the numbers
            </summary>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-left text-xs">
                <caption className="sr-only">{title}</caption>
                <thead className="text-white/55">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-semibold">{spec.type === "line" ? "Day" : "Model"}</th>
                    {spec.series.map((s) => (
                      <th key={s.label} scope="col" className="py-1 pr-3 text-right font-semibold">{s.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody className="text-white/80">
                  {spec.labels.map((label, i) => (
                    <tr key={i} className="border-t border-white/5">
                      <th scope="row" className="py-1 pr-3 font-normal">{label}</th>
                      {spec.series.map((s) => (
                        <td key={s.label} className="py-1 pr-3 text-right tabular-nums">{formatValue(s.values[i] ?? null, spec.unit)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
