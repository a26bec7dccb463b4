// A production report as Markdown: the narrative, the figures as tables, the recommendations.
import { findModel } from "@/lib/catalog";
import type { ProductionFigures } from "@/lib/db/functions/reports";
import type { ReportRow } from "@/lib/db/functions/text";

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const cell = (value: unknown) => String(value ?? "—").replace(/\|/g, "\\|");
const table = (head: string[], rows: unknown[][]) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");

export function reportMarkdown(report: ReportRow): string {
  const f = report.figures as unknown as ProductionFigures;
  const t = f.totals;
  return [
    `# Production report, ${report.period_from} to ${report.period_to}`,
    "",
    report.narrative,
    "",
    "## Figures",
    "",
    table(
      ["Generations", "Succeeded", "Failed", "Cancelled", "In progress", "Success rate", "Credits spent", "Credits refunded"],
      // A report written before cancellations were counted apart has none (they are in Failed).
      [[t.generations, t.succeeded, t.failed, t.cancelled ?? 0, t.open, pct(t.successRate), t.creditsSpent, t.creditsRefunded]],
    ),
    "",
    "### By model",
    "",
    table(
      ["Model", "Kind", "Generations", "Success rate", "Credits spent", "Refunded", "Latency p50 (s)", "Latency p95 (s)"],
      // A model whose jobs were all cancelled or still running has no rate: a dash, not 0%.
      f.byModel.map((m) => [findModel(m.model)?.name ?? m.model, m.kind, m.generations, m.succeeded + m.failed ? pct(m.successRate) : null, m.creditsSpent, m.creditsRefunded, m.latencyP50Seconds, m.latencyP95Seconds]),
    ),
    "",
    "### Busiest days",
    "",
    table(["Day", "Generations"], f.busiestDays.map((d) => [d.day, d.generations])),
    "",
    "## Recommendations",
    "",
    ...report.recommendations.map((r) => `- ${r}`),
    "",
    `_Figures counted by Nexora from your own history; narrative written by ${report.provider ?? "the report model"}._`,
    "",
  ].join("\n");
}
