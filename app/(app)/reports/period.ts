// Report periods are UTC days, as the figures are counted; presets end today (UTC).

import { formatDayKey } from "@/components/ui/format";

export type Period = { from: string; to: string };

const iso = (date: Date) => date.toISOString().slice(0, 10);
const daysBefore = (today: Date, days: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days));

export const PRESETS = [
  { id: "7d", label: "Last 7 days", period: (today: Date): Period => ({ from: iso(daysBefore(today, 6)), to: iso(today) }) },
  { id: "30d", label: "Last 30 days", period: (today: Date): Period => ({ from: iso(daysBefore(today, 29)), to: iso(today) }) },
  { id: "month", label: "This month", period: (today: Date): Period => ({ from: iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1))), to: iso(today) }) },
] as const;

/** Every day from `from` to `to`, both included (YYYY-MM-DD). */
export function daysOf({ from, to }: Period): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && days.length <= 366; t += 86_400_000) days.push(iso(new Date(t)));
  return days;
}

/** "Nov 2 – Nov 8, 2026", in UTC. */
export function periodLabel({ from, to }: Period): string {
  const fmt = (d: string, year: boolean) => formatDayKey(d, { year });
  return from === to ? fmt(from, true) : `${fmt(from, from.slice(0, 4) !== to.slice(0, 4))} – ${fmt(to, true)}`;
}
