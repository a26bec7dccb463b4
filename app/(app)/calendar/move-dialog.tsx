"use client";

import { useEffect, useState } from "react";
import type { CalendarEntryView } from "@/lib/calendar/entry-view";
import { dayKey, isDayKey, localInstant, timeOf } from "@/lib/calendar/local-dates";
import { Modal } from "./modal";
import { FIELD, PRIMARY, SECONDARY } from "./styles";

type Props = {
  entry: CalendarEntryView | null;
  onClose: () => void;
  onMove: (entry: CalendarEntryView, scheduledFor: string) => Promise<void>;
};

/** Moving without dragging: a date and a time, for the keyboard and for touch screens. */
export function MoveDialog({ entry, onClose, onMove }: Props) {
  const [day, setDay] = useState("");
  const [time, setTime] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!entry) return;
    setDay(dayKey(new Date(entry.scheduledFor)));
    setTime(timeOf(entry.scheduledFor));
    setBusy(false);
  }, [entry]);

  const valid = isDayKey(day) && /^\d{2}:\d{2}$/.test(time);

  return (
    <Modal open={Boolean(entry)} title={entry ? `Move “${entry.title}” to…` : "Move"} onClose={onClose} testId="move-dialog">
      {entry && (
        <form
          className="mt-5 space-y-4"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!valid || busy) return;
            setBusy(true);
            await onMove(entry, localInstant(day, time));
            setBusy(false);
          }}
        >
          <div className="grid grid-cols-2 gap-3">
            <label className="block text-sm font-semibold text-white/70">
              New date
              <input type="date" required value={day} onChange={(e) => setDay(e.target.value)} className={`${FIELD} mt-1`} />
            </label>
            <label className="block text-sm font-semibold text-white/70">
              New time
              <input type="time" required value={time} onChange={(e) => setTime(e.target.value)} className={`${FIELD} mt-1`} />
            </label>
          </div>
          <div className="flex justify-end gap-2 border-t border-white/10 pt-4">
            <button type="button" onClick={onClose} className={SECONDARY}>
              Cancel
            </button>
            <button type="submit" disabled={!valid || busy} className={PRIMARY}>
              {busy ? "Moving…" : "Move"}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
