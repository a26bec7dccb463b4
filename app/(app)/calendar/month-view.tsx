"use client";

import type { CalendarEntryView } from "@/lib/calendar/entry-view";
import { monthWeeks, dateOf, type DayKey } from "@/lib/calendar/local-dates";
import { DropDay } from "./drop-day";
import { EntryCard, EntryChip } from "./entry-pieces";
import { FOCUS } from "./styles";
import { longDay } from "./date-labels";
import { useMediaQuery, WIDE_SCREEN } from "@/components/shell/use-media-query";

const SHOWN_PER_DAY = 3;

type Props = {
  anchor: DayKey;
  today: DayKey;
  byDay: Map<DayKey, CalendarEntryView[]>;
  onOpen: (entry: CalendarEntryView) => void;
  onCreate: (day: DayKey) => void;
  onOpenWeek: (day: DayKey) => void;
  onDropEntry: (entryId: string, day: DayKey) => void;
};

const longDayOf = (day: DayKey) => longDay(dateOf(day));
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The month as a grid of weeks on a wide screen, and as a list of its planned days on a phone. */
export function MonthView({ anchor, today, byDay, onOpen, onCreate, onOpenWeek, onDropEntry }: Props) {
  const weeks = monthWeeks(anchor);
  const month = anchor.slice(0, 7);
  const daysWithEntries = weeks.flat().filter((day) => day.startsWith(month) && byDay.has(day));
  // Only one of the two is drawn: the grid is six weeks of drop targets and buttons a phone would
  // build and never show.
  const wide = useMediaQuery(WIDE_SCREEN);

  return wide ? (
    <div data-testid="month-grid">
      <div className="grid grid-cols-7 gap-px text-xs font-bold uppercase tracking-wider text-white/55">
        {WEEKDAYS.map((d) => (
          <div key={d} className="px-2 pb-2">
            {d}
          </div>
        ))}
      </div>
      <div className="grid grid-cols-7 gap-1.5">
        {weeks.flat().map((day) => {
          const entries = byDay.get(day) ?? [];
          const inMonth = day.startsWith(month);
          const isToday = day === today;
          return (
            <DropDay
              key={day}
              day={day}
              label={longDayOf(day)}
              onDropEntry={onDropEntry}
              className={`group flex min-h-32 min-w-0 flex-col rounded-2xl border p-1.5 motion-safe:transition ${
                inMonth ? "border-white/10 bg-white/[0.03]" : "border-white/5 bg-transparent opacity-50"
              }`}
            >
              <div className="flex items-center justify-between">
                <button
                  type="button"
                  onClick={() => onOpenWeek(day)}
                  aria-label={`Open the week of ${longDayOf(day)}`}
                  className={`flex size-7 items-center justify-center rounded-full text-xs font-black tabular-nums ${FOCUS} ${
                    isToday ? "bg-cyan-500 text-black glow" : "text-white/70 hover:bg-white/10"
                  }`}
                >
                  {Number(day.slice(8))}
                </button>
                <button
                  type="button"
                  onClick={() => onCreate(day)}
                  aria-label={`Plan a post on ${longDayOf(day)}`}
                  className={`flex size-7 items-center justify-center rounded-full text-lg leading-none text-white/50 opacity-0 hover:bg-white/10 hover:text-white focus-visible:opacity-100 group-hover:opacity-100 ${FOCUS}`}
                >
                  +
                </button>
              </div>
              <div className="mt-1 flex min-w-0 flex-col gap-1">
                {entries.slice(0, SHOWN_PER_DAY).map((entry) => (
                  <EntryChip key={entry.id} entry={entry} onOpen={onOpen} draggable />
                ))}
                {entries.length > SHOWN_PER_DAY && (
                  <button type="button" onClick={() => onOpenWeek(day)} className={`rounded-lg px-2 py-0.5 text-left text-xs font-bold text-cyan-300 hover:bg-white/5 ${FOCUS}`}>
                    +{entries.length - SHOWN_PER_DAY} more
                  </button>
                )}
              </div>
            </DropDay>
          );
        })}
      </div>
    </div>
  ) : (
    <div className="space-y-5" data-testid="month-agenda">
      {daysWithEntries.length === 0 ? (
        // With nothing in view at all the page says so once, above.
        byDay.size > 0 && <p className="rounded-2xl border border-white/10 bg-white/[0.03] p-4 text-sm text-white/50">Nothing planned this month.</p>
      ) : (
        daysWithEntries.map((day) => (
          <section key={day} aria-label={longDayOf(day)} data-day={day}>
            <h3 className={`text-sm font-black ${day === today ? "text-cyan-300" : "text-white/70"}`}>{longDayOf(day)}</h3>
            <div className="mt-2 space-y-2">
              {byDay.get(day)!.map((entry) => (
                <EntryCard key={entry.id} entry={entry} onOpen={onOpen} compact />
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}
