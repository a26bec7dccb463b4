// A report's narrative may only use numbers it was given: every number in the text must be one of
// the figures (a count, a credit sum, a latency, a rate as a share or a percentage, a date), or a
// small counting number. Model names and dates are taken out first, since their digits are not
// figures ("Kling 3.0", "2026-11-02").
import { findModel } from "@/lib/catalog";
import type { ProductionFigures } from "@/lib/db/functions/reports";

/** Counting words a narrative may use without a figure behind them ("two models", "top 3"). */
const SMALL = 10;

function numbersIn(value: unknown, into: Set<string>): void {
  if (typeof value === "number" && Number.isFinite(value)) {
    into.add(String(value));
    // A share between 0 and 1 may be written as a percentage, rounded to 0, 1 or 2 decimals.
    if (value > 0 && value < 1) for (const digits of [0, 1, 2]) into.add(String(Number((value * 100).toFixed(digits))));
    if (value === 1) into.add("100");
  } else if (Array.isArray(value)) {
    for (const item of value) numbersIn(item, into);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) numbersIn(item, into);
  }
}

function datesIn(figures: ProductionFigures): Set<string> {
  return new Set([figures.from, figures.to, ...figures.busiestDays.map((d) => d.day), ...figures.spendTrend.map((d) => d.day)]);
}

/** The numbers in `text` that are not in `figures`, as written; empty when the text is honest. */
export function inventedNumbers(text: string, figures: ProductionFigures): string[] {
  const allowed = new Set<string>();
  numbersIn(figures, allowed);
  const dates = datesIn(figures);
  const invented: string[] = [];
  let rest = text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => {
    if (!dates.has(date)) invented.push(date);
    return " ";
  });
  const names = figures.byModel.flatMap((m) => [m.model, findModel(m.model)?.name ?? m.model]).sort((a, b) => b.length - a.length);
  for (const name of names) rest = rest.split(name).join(" ");
  for (const match of rest.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    const written = match[0].replace(/[.,]+$/, "");
    const value = Number(written.replace(/,/g, ""));
    if (Number.isInteger(value) && value >= 0 && value <= SMALL) continue;
    if (!allowed.has(String(value))) invented.push(written);
  }
  return invented;
}
