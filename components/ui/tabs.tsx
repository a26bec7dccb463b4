"use client";

import { useRef } from "react";
import { cx } from "./cx";
import { FOCUS_RING } from "./focus-ring";

export type Tab<T extends string> = { id: T; label: React.ReactNode; disabled?: boolean };

type TabsProps<T extends string> = {
  /** Prefix of the tab and panel ids; TabPanel takes the same. */
  id: string;
  /** Names the group for screen readers: "Kind", "View". */
  label: string;
  tabs: readonly Tab<T>[];
  value: T;
  onChange: (value: T) => void;
  className?: string;
};

const tabId = (id: string, tab: string) => `${id}-tab-${tab}`;
const panelId = (id: string, tab: string) => `${id}-panel-${tab}`;

/**
 * A row of tabs with the keyboard of the ARIA pattern: arrows, Home and End move and select,
 * one tab stop for the whole row. Pair each tab with a TabPanel of the same `id`.
 */
export function Tabs<T extends string>({ id, label, tabs, value, onChange, className }: TabsProps<T>) {
  const list = useRef<HTMLDivElement>(null);

  function onKeyDown(e: React.KeyboardEvent) {
    const usable = tabs.filter((t) => !t.disabled);
    const at = usable.findIndex((t) => t.id === value);
    const next =
      e.key === "ArrowRight" ? usable[(at + 1) % usable.length]
      : e.key === "ArrowLeft" ? usable[(at - 1 + usable.length) % usable.length]
      : e.key === "Home" ? usable[0]
      : e.key === "End" ? usable[usable.length - 1]
      : undefined;
    if (!next) return;
    e.preventDefault();
    onChange(next.id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(id, next.id))}`)?.focus();
  }

  return (
    <div ref={list} role="tablist" aria-label={label} onKeyDown={onKeyDown} className={cx("inline-flex max-w-full gap-1 overflow-x-auto rounded-full border border-white/10 bg-white/5 p-1", className)}>
      {tabs.map((t) => {
        const selected = t.id === value;
        return (
          <button
            key={t.id}
            id={tabId(id, t.id)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelId(id, t.id)}
            tabIndex={selected ? 0 : -1}
            disabled={t.disabled}
            onClick={() => onChange(t.id)}
            className={cx(
              "whitespace-nowrap rounded-full px-4 py-1.5 text-sm font-bold transition disabled:opacity-40",
              selected ? "bg-cyan-500 text-black shadow-glow" : "text-white/70 hover:bg-white/10 hover:text-white",
              FOCUS_RING,
            )}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

/** The content of one tab; render the selected one (or all, hiding the others). */
export function TabPanel({ id, tab, hidden, className, children }: { id: string; tab: string; hidden?: boolean; className?: string; children: React.ReactNode }) {
  return (
    <div role="tabpanel" id={panelId(id, tab)} aria-labelledby={tabId(id, tab)} hidden={hidden} tabIndex={0} className={cx("outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 rounded-2xl", className)}>
      {children}
    </div>
  );
}
