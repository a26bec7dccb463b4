"use client";

import { useState } from "react";
import type { DayKey } from "@/lib/calendar/local-dates";
import { ENTRY_DRAG_TYPE } from "./entry-pieces";

type Props = {
  day: DayKey;
  label: string;
  onDropEntry: (entryId: string, day: DayKey) => void;
  className: string;
  children: React.ReactNode;
};

/** A day an entry can be dropped on; it lights up while one is held over it. */
export function DropDay({ day, label, onDropEntry, className, children }: Props) {
  const [over, setOver] = useState(false);
  const carriesEntry = (e: React.DragEvent) => e.dataTransfer.types.includes(ENTRY_DRAG_TYPE);
  return (
    <section
      aria-label={label}
      data-day={day}
      data-over={over || undefined}
      onDragOver={(e) => {
        if (!carriesEntry(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        const id = e.dataTransfer.getData(ENTRY_DRAG_TYPE);
        if (!id) return;
        e.preventDefault();
        onDropEntry(id, day);
      }}
      className={`${className} ${over ? "border-cyan-400/70 bg-cyan-500/10" : ""}`}
    >
      {children}
    </section>
  );
}
