"use client";

import type { CalendarEntryView } from "@/lib/calendar/entry-view";
import { dateOf, weekOf, type DayKey } from "@/lib/calendar/local-dates";
import { DropDay } from "./drop-day";
import { EntryCard } from "./entry-pieces";
import { FOCUS } from "./styles";
import { longDay, shortWeekday } from "./date-labels";

type Props = {
  anchor: DayKey;
  today: DayKey;
  byDay: Map<DayKey, CalendarEntryView[]>;
  onOpen: (entry: CalendarEntryView) => void;
  onCreate: (day: DayKey) => void;
  onDropEntry: (entryId: string, day: DayKey) => void;
};

/** Seven columns on a wide screen, the days one under another on a phone. */
export function WeekView({ anchor, today, byDay, onOpen, onCreate, onDropEntry }: Props) {
  return (
    <div className="grid grid-cols-1 gap-2 md:grid-cols-7" data-testid="week-grid">
      {weekOf(anchor).map((day) => {
        const date = dateOf(day);
        const entries = byDay.get(day) ?? [];
        const isToday = day === today;
        const long = longDay(date);
        return (
          <DropDay
            key={day}
            day={day}
            label={long}
            onDropEntry={onDropEntry}
            className="flex min-w-0 flex-col rounded-2xl border border-white/10 bg-white/[0.03] p-2 motion-safe:transition md:min-h-96"
          >
            <header className="flex items-center gap-2 px-1 md:flex-col md:items-start md:gap-0 md:pb-2">
              <span className="text-xs font-bold uppercase tracking-wider text-white/55">{shortWeekday(date)}</span>
              <span className={`text-2xl font-black tabular-nums ${isToday ? "text-cyan-300" : "text-white"}`}>{date.getDate()}</span>
              <button
                type="button"
                onClick={() => onCreate(day)}
                aria-label={`Plan a post on ${long}`}
                className={`ml-auto rounded-full border border-white/10 px-3 py-1 text-xs font-bold text-white/50 hover:text-cyan-200 md:hidden ${FOCUS}`}
              >
                + Add
              </button>
            </header>
            {entries.length > 0 && (
              <div className="mt-2 flex flex-col gap-2 md:mt-0">
                {entries.map((entry) => (
                  <EntryCard key={entry.id} entry={entry} onOpen={onOpen} draggable />
                ))}
              </div>
            )}
            <button
              type="button"
              onClick={() => onCreate(day)}
              aria-label={`Plan a post on ${long}`}
              className={`mt-auto hidden rounded-xl border border-dashed border-white/10 px-2 py-1.5 text-xs font-bold text-white/55 hover:border-cyan-500/40 hover:text-cyan-200 md:block ${FOCUS}`}
            >
              + Add
            </button>
          </DropDay>
        );
      })}
    </div>
  );
}
