// What a report chart draws: categories, one or more series of numbers, and their unit. The chart
// module (lazy-loaded) draws it; the card shows the same numbers as a table.

import { formatCount } from "@/components/ui/format";

export type ChartUnit = "credits" | "percent" | "seconds";

export type ChartSpec = {
  type: "bar" | "line";
  /** Bars along the y axis: long model names stay readable on a phone. */
  horizontal?: boolean;
  labels: string[];
  series: { label: string; values: (number | null)[]; tone: "primary" | "light" | "muted" }[];
  unit: ChartUnit;
  /** The value axis's end (100 for rates). */
  max?: number;
};

export function formatValue(value: number | null, unit: ChartUnit): string {
  if (value === null) return "—";
  if (unit === "percent") return `${Number(value.toFixed(1))}%`;
  if (unit === "seconds") return `${formatCount(value)} s`;
  return formatCount(value);
}
