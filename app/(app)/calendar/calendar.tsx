"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import type { CalendarEntryView } from "@/lib/calendar/entry-view";
import {
  addDays,
  addMonths,
  dateOf,
  dayKey,
  localInstant,
  monthWeeks,
  moveToDay,
  startOfMonth,
  startOfWeek,
  type DayKey,
} from "@/lib/calendar/local-dates";
import { EntryDialog, type Attachments, type Draft, type EntryDialogState, type KitOption, type MediaOption } from "./entry-dialog";
import { MonthView } from "./month-view";
import { MoveDialog } from "./move-dialog";
import { FOCUS, PRIMARY, SECONDARY } from "./styles";
import { WeekView } from "./week-view";
import { monthTitle, rangeTitle, slotTime } from "./date-labels";

export type CalendarViewName = "month" | "week";

type Props = { initialDate: DayKey | null; initialView: CalendarViewName; hasPlanned: boolean };

type Loaded = { status: "loading" } | { status: "failed"; message: string } | { status: "ready"; entries: CalendarEntryView[] };

const FIRST_POST_TIME = "10:00";
const VIEWS = [["month", "Month"], ["week", "Week"]] as const;

/** The API's answer, or its error message. */
async function call<T>(url: string, init?: { method: string; json?: unknown }): Promise<{ ok: true; body: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, {
      method: init?.method ?? "GET",
      headers: init?.json === undefined ? undefined : { "content-type": "application/json" },
      body: init?.json === undefined ? undefined : JSON.stringify(init.json),
    });
    if (res.status === 204) return { ok: true, body: undefined as T };
    const body = await res.json().catch(() => null);
    if (!res.ok) return { ok: false, message: body?.error?.message ?? `The server answered ${res.status}.` };
    return { ok: true, body: body as T };
  } catch {
    return { ok: false, message: "The connection failed. Check your network and try again." };
  }
}

/** The days a view shows, [from, to) as local dates. */
function rangeOf(view: CalendarViewName, anchor: DayKey): { from: DayKey; to: DayKey } {
  if (view === "week") {
    const monday = startOfWeek(anchor);
    return { from: monday, to: addDays(monday, 7) };
  }
  const weeks = monthWeeks(anchor);
  return { from: weeks[0]![0]!, to: addDays(weeks.at(-1)![6]!, 1) };
}

function titleOf(view: CalendarViewName, anchor: DayKey): string {
  if (view === "month") return monthTitle(dateOf(anchor));
  const { from, to } = rangeOf("week", anchor);
  return rangeTitle(dateOf(from), dateOf(addDays(to, -1)));
}

// ISO instants and ids sort by their characters; a locale's collation is not wanted (nor its cost).
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortByTime = (a: CalendarEntryView, b: CalendarEntryView) => byText(a.scheduledFor, b.scheduledFor) || byText(a.id, b.id);

const whenOf = (instant: string) => slotTime(new Date(instant));

export function Calendar({ initialDate, initialView, hasPlanned }: Props) {
  // Dates are the viewer's local ones, known only in the browser: nothing date-shaped renders on the server.
  const [today, setToday] = useState<DayKey | null>(null);
  const [anchor, setAnchor] = useState<DayKey | null>(null);
  const [view, setView] = useState<CalendarViewName>(initialView);
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [dialog, setDialog] = useState<EntryDialogState | null>(null);
  const [moving, setMoving] = useState<CalendarEntryView | null>(null);
  const [attachments, setAttachments] = useState<Attachments>("loading");
  const [planned, setPlanned] = useState(hasPlanned);
  const attachmentsAsked = useRef(false);
  const request = useRef(0);

  useEffect(() => {
    const now = dayKey(new Date());
    setToday(now);
    setAnchor(initialDate ?? now);
  }, [initialDate]);

  const range = anchor ? rangeOf(view, anchor) : null;
  const fromIso = range && localInstant(range.from, "00:00");
  const toIso = range && localInstant(range.to, "00:00");

  const load = useCallback(async () => {
    if (!fromIso || !toIso) return;
    const mine = ++request.current;
    setLoaded((l) => (l.status === "ready" ? l : { status: "loading" }));
    const result = await call<{ entries: CalendarEntryView[] }>(`/api/calendar?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}`);
    if (mine !== request.current) return;
    setLoaded(result.ok ? { status: "ready", entries: result.body.entries } : { status: "failed", message: result.message });
  }, [fromIso, toIso]);

  useEffect(() => {
    void load();
  }, [load]);

  // Where the calendar stands is in the address, so a reload or a shared link opens the same days.
  useEffect(() => {
    if (!anchor) return;
    const url = new URL(window.location.href);
    url.searchParams.set("view", view);
    url.searchParams.set("date", anchor);
    window.history.replaceState(window.history.state, "", url);
  }, [view, anchor]);

  const entries = loaded.status === "ready" ? loaded.entries : [];
  const byDay = useMemo(() => {
    const map = new Map<DayKey, CalendarEntryView[]>();
    for (const entry of [...entries].sort(sortByTime)) {
      const day = dayKey(new Date(entry.scheduledFor));
      map.set(day, [...(map.get(day) ?? []), entry]);
    }
    return map;
  }, [entries]);

  /** The user's recent media and kits, read once, the first time the dialog opens. */
  function askAttachments() {
    if (attachmentsAsked.current) return;
    attachmentsAsked.current = true;
    void Promise.all([
      call<{ items: { id: string; modelName: string; prompt: string; status: string; outputs: { url: string; contentType: string }[] }[] }>("/api/generations?limit=24"),
      call<{ items: { id: string; kit: { headline?: string }; created_at: string }[] }>("/api/marketing/kits"),
    ]).then(([media, kits]) => {
      if (!media.ok || !kits.ok) {
        attachmentsAsked.current = false;
        return setAttachments("failed");
      }
      setAttachments({
        media: media.body.items
          .filter((g) => g.status === "succeeded" && g.outputs[0])
          .map((g): MediaOption => ({ id: g.id, modelName: g.modelName, prompt: g.prompt, url: g.outputs[0]!.url, contentType: g.outputs[0]!.contentType })),
        kits: kits.body.items.map((k): KitOption => ({ id: k.id, headline: k.kit.headline ?? "", createdAt: k.created_at })),
      });
    });
  }

  function openDialog(state: EntryDialogState) {
    askAttachments();
    setDialog(state);
  }

  const inRange = (instant: string) => Boolean(fromIso && toIso && instant >= fromIso && instant < toIso);

  /** Puts the server's copy of an entry in place (or takes it out when it left the visible days). */
  function upsert(entry: CalendarEntryView) {
    setLoaded((l) => {
      if (l.status !== "ready") return l;
      const others = l.entries.filter((e) => e.id !== entry.id);
      return { status: "ready", entries: inRange(entry.scheduledFor) ? [...others, entry] : others };
    });
  }

  async function save(draft: Draft): Promise<string | null> {
    const json = {
      scheduledFor: localInstant(draft.day, draft.time),
      channel: draft.channel,
      title: draft.title.trim(),
      notes: draft.notes,
      generationId: draft.generationId,
      kitId: draft.kitId,
    };
    const editing = dialog?.mode === "edit" ? dialog.entry : null;
    const result = editing
      ? await call<{ entry: CalendarEntryView }>(`/api/calendar/${editing.id}`, { method: "PATCH", json })
      : await call<{ entry: CalendarEntryView }>("/api/calendar", { method: "POST", json });
    if (!result.ok) return result.message;
    const { entry } = result.body;
    upsert(entry);
    setPlanned(true);
    setDialog(null);
    toast.success(`${editing ? "Saved" : "Planned"} for ${whenOf(entry.scheduledFor)}`);
    // A post planned outside the visible days: go where it is.
    if (!inRange(entry.scheduledFor)) setAnchor(dayKey(new Date(entry.scheduledFor)));
    return null;
  }

  async function move(entry: CalendarEntryView, scheduledFor: string) {
    if (scheduledFor === entry.scheduledFor) return;
    // Moved on screen at once; put back if the server says no.
    upsert({ ...entry, scheduledFor });
    const result = await call<{ entry: CalendarEntryView }>(`/api/calendar/${entry.id}`, { method: "PATCH", json: { scheduledFor } });
    if (!result.ok) {
      upsert(entry);
      toast.error(result.message);
      return;
    }
    upsert(result.body.entry);
    toast.success(`Moved “${entry.title}” to ${whenOf(scheduledFor)}`);
  }

  function dropOn(entryId: string, day: DayKey) {
    const entry = entries.find((e) => e.id === entryId);
    if (entry) void move(entry, moveToDay(entry.scheduledFor, day));
  }

  async function toggleStatus(entry: CalendarEntryView) {
    const status = entry.status === "published" ? "planned" : "published";
    const result = await call<{ entry: CalendarEntryView }>(`/api/calendar/${entry.id}`, { method: "PATCH", json: { status } });
    if (!result.ok) return void toast.error(result.message);
    upsert(result.body.entry);
    setDialog({ mode: "edit", entry: result.body.entry });
    toast.success(status === "published" ? `“${entry.title}” is published` : `“${entry.title}” is planned again`);
  }

  async function remove(entry: CalendarEntryView) {
    const result = await call(`/api/calendar/${entry.id}`, { method: "DELETE" });
    if (!result.ok) return void toast.error(result.message);
    setLoaded((l) => (l.status === "ready" ? { status: "ready", entries: l.entries.filter((e) => e.id !== entry.id) } : l));
    setDialog(null);
    toast.success(`Deleted “${entry.title}”`);
  }

  function step(direction: -1 | 1) {
    if (!anchor) return;
    setAnchor(view === "month" ? addMonths(startOfMonth(anchor), direction) : addDays(anchor, 7 * direction));
  }

  const create = (day: DayKey) => openDialog({ mode: "create", day, time: FIRST_POST_TIME });
  const open = (entry: CalendarEntryView) => openDialog({ mode: "edit", entry });
  const exportUrl = fromIso && toIso ? `/api/calendar/export?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}` : undefined;

  return (
    <div className="mx-auto max-w-7xl px-4 py-8 sm:px-6 sm:py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-4xl font-black tracking-tight">Calendar</h1>
          <p className="mt-2 text-white/50">Plan posts with your generated media and marketing kits.</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" onClick={() => today && create(addDays(today, 1))} disabled={!today} className={PRIMARY}>
            New post
          </button>
        </div>
      </header>

      <nav aria-label="Calendar navigation" className="sticky top-0 z-10 -mx-4 mt-6 flex flex-wrap items-center gap-2 border-b border-white/10 bg-black/70 px-4 py-3 backdrop-blur-xl sm:-mx-6 sm:px-6">
        <div role="group" aria-label="View" className="flex rounded-full border border-white/10 bg-white/5 p-1">
          {VIEWS.map(([v, name]) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={`rounded-full px-4 py-1.5 text-sm font-bold ${FOCUS} ${view === v ? "bg-white text-black" : "text-white/60 hover:text-white"}`}
            >
              {name}
            </button>
          ))}
        </div>
        <div className="flex items-center gap-1">
          <button type="button" onClick={() => step(-1)} aria-label={`Previous ${view}`} className={`${SECONDARY} px-3`}>
            ‹
          </button>
          <button type="button" onClick={() => today && setAnchor(today)} className={SECONDARY}>
            Today
          </button>
          <button type="button" onClick={() => step(1)} aria-label={`Next ${view}`} className={`${SECONDARY} px-3`}>
            ›
          </button>
        </div>
        <h2 className="order-first min-w-0 basis-full truncate text-xl font-black tracking-tight sm:order-none sm:flex-1 sm:basis-auto" aria-live="polite" data-testid="range-title">
          {anchor ? titleOf(view, anchor) : ""}
        </h2>
        <a href={exportUrl} download className={`${SECONDARY} ${exportUrl ? "" : "pointer-events-none opacity-40"}`} aria-label={`Export this ${view} as an .ics file`}>
          Export .ics
        </a>
      </nav>

      <main className="mt-6">
        {loaded.status === "failed" ? (
          <div role="alert" className="rounded-3xl border border-red-400/30 bg-red-500/10 p-6">
            <p className="font-bold text-red-200">The calendar could not be loaded.</p>
            <p className="mt-1 text-sm text-red-200/70">{loaded.message}</p>
            <button type="button" onClick={() => void load()} className={`${SECONDARY} mt-4`}>
              Try again
            </button>
          </div>
        ) : !anchor || !today || loaded.status === "loading" ? (
          <div aria-busy="true" aria-label="Loading the calendar" className="grid grid-cols-1 gap-1.5 md:grid-cols-7">
            {Array.from({ length: 14 }, (_, i) => (
              <div key={i} className="h-24 rounded-2xl bg-white/5 motion-safe:animate-pulse md:h-32" />
            ))}
          </div>
        ) : (
          <>
            {entries.length === 0 && (
              <div className="mb-6 flex flex-col items-start gap-4 rounded-3xl border border-cyan-500/20 bg-gradient-to-br from-cyan-500/10 via-white/[0.03] to-transparent p-6 sm:flex-row sm:items-center sm:justify-between" data-testid="empty-state">
                <div>
                  <h3 className="text-xl font-black tracking-tight">{planned ? `Nothing planned this ${view}` : "Plan your first post"}</h3>
                  <p className="mt-1 max-w-xl text-sm text-white/60">
                    {planned
                      ? "Keep the channels busy: plan the next post with one of your images, videos or marketing kits."
                      : "Pick a day, a channel and one of your images, videos or marketing kits — then export the lot to any calendar app."}
                  </p>
                </div>
                <button type="button" onClick={() => create(addDays(today, 1))} className={PRIMARY}>
                  Plan a post for tomorrow, 10:00
                </button>
              </div>
            )}
            {view === "month" ? (
              <MonthView
                anchor={anchor}
                today={today}
                byDay={byDay}
                onOpen={open}
                onCreate={create}
                onOpenWeek={(day) => {
                  setAnchor(day);
                  setView("week");
                }}
                onDropEntry={dropOn}
              />
            ) : (
              <WeekView anchor={anchor} today={today} byDay={byDay} onOpen={open} onCreate={create} onDropEntry={dropOn} />
            )}
          </>
        )}
      </main>

      <EntryDialog
        state={dialog}
        attachments={attachments}
        onClose={() => setDialog(null)}
        onSave={save}
        onDelete={remove}
        onToggleStatus={toggleStatus}
        onMove={(entry) => {
          setDialog(null);
          setMoving(entry);
        }}
      />
      <MoveDialog
        entry={moving}
        onClose={() => setMoving(null)}
        onMove={async (entry, scheduledFor) => {
          setMoving(null);
          await move(entry, scheduledFor);
        }}
      />
    </div>
  );
}
