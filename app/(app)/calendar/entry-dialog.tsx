"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { MARKETING_CHANNEL_IDS, MARKETING_CHANNELS } from "@/lib/catalog";
import type { CalendarEntryView } from "@/lib/calendar/entry-view";
import { dayKey, timeOf, type DayKey } from "@/lib/calendar/local-dates";
import { Modal } from "./modal";
import { FIELD, FOCUS, PRIMARY, SECONDARY } from "./styles";
import { shortDay } from "./date-labels";

const TITLE_MAX = 200;
const NOTES_MAX = 4000;

export type MediaOption = { id: string; modelName: string; prompt: string; url: string; contentType: string };
export type KitOption = { id: string; headline: string; createdAt: string };
export type Attachments = { media: MediaOption[]; kits: KitOption[] } | "loading" | "failed";

export type Draft = {
  day: DayKey;
  time: string;
  channel: string;
  title: string;
  notes: string;
  generationId: string | null;
  kitId: string | null;
};

export type EntryDialogState = { mode: "create"; day: DayKey; time: string } | { mode: "edit"; entry: CalendarEntryView };

type Props = {
  state: EntryDialogState | null;
  attachments: Attachments;
  onClose: () => void;
  /** Resolves to an error message to show, or null once saved. */
  onSave: (draft: Draft) => Promise<string | null>;
  onDelete: (entry: CalendarEntryView) => Promise<void>;
  onToggleStatus: (entry: CalendarEntryView) => Promise<void>;
  onMove: (entry: CalendarEntryView) => void;
};

function draftOf(state: EntryDialogState): Draft {
  if (state.mode === "create") return { day: state.day, time: state.time, channel: MARKETING_CHANNEL_IDS[0], title: "", notes: "", generationId: null, kitId: null };
  const { entry } = state;
  return {
    day: dayKey(new Date(entry.scheduledFor)),
    time: timeOf(entry.scheduledFor),
    channel: entry.channel,
    title: entry.title,
    notes: entry.notes,
    generationId: entry.generationId,
    kitId: entry.kitId,
  };
}

/** The media offered: the user's recent work, and whatever the entry already carries if it is older. */
function mediaChoices(attachments: Attachments, entry: CalendarEntryView | null): MediaOption[] {
  const recent = typeof attachments === "object" ? attachments.media : [];
  const current = entry?.generation;
  if (!current?.thumbnailUrl || recent.some((m) => m.id === current.id)) return recent;
  return [{ id: current.id, modelName: current.modelName, prompt: "", url: current.thumbnailUrl, contentType: current.contentType ?? "" }, ...recent];
}

function kitChoices(attachments: Attachments, entry: CalendarEntryView | null): KitOption[] {
  const recent = typeof attachments === "object" ? attachments.kits : [];
  const current = entry?.kit;
  if (!current || recent.some((k) => k.id === current.id)) return recent;
  return [{ id: current.id, headline: current.headline, createdAt: "" }, ...recent];
}

export function EntryDialog({ state, attachments, onClose, onSave, onDelete, onToggleStatus, onMove }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    setDraft(state && draftOf(state));
    setError(null);
    setBusy(false);
    setConfirmDelete(false);
  }, [state]);

  const entry = state?.mode === "edit" ? state.entry : null;
  const set = (patch: Partial<Draft>) => setDraft((d) => d && { ...d, ...patch });
  const media = mediaChoices(attachments, entry);
  const kits = kitChoices(attachments, entry);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!draft || busy) return;
    if (!draft.title.trim()) return setError("A title is needed.");
    setBusy(true);
    const problem = await onSave(draft);
    setBusy(false);
    setError(problem);
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    await action();
    setBusy(false);
  }

  return (
    <Modal open={Boolean(state && draft)} title={entry ? "Edit post" : "Plan a post"} onClose={onClose} testId="entry-dialog">
      {draft && (
        <form className="mt-5 space-y-4" onSubmit={submit} noValidate>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            <label className="block text-sm font-semibold text-white/70">
              Date
              <input type="date" required value={draft.day} onChange={(e) => set({ day: e.target.value })} className={`${FIELD} mt-1`} />
            </label>
            <label className="block text-sm font-semibold text-white/70">
              Time
              <input type="time" required value={draft.time} onChange={(e) => set({ time: e.target.value })} className={`${FIELD} mt-1`} />
            </label>
            <label className="col-span-2 block text-sm font-semibold text-white/70 sm:col-span-1">
              Channel
              <select value={draft.channel} onChange={(e) => set({ channel: e.target.value })} className={`${FIELD} mt-1`}>
                {MARKETING_CHANNEL_IDS.map((id) => (
                  <option key={id} value={id} className="bg-neutral-900">
                    {MARKETING_CHANNELS[id].name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="block text-sm font-semibold text-white/70">
            Title
            <input
              value={draft.title}
              onChange={(e) => set({ title: e.target.value })}
              maxLength={TITLE_MAX}
              required
              placeholder="Spring blend launch teaser"
              className={`${FIELD} mt-1`}
            />
          </label>
          <label className="block text-sm font-semibold text-white/70">
            Notes
            <textarea
              value={draft.notes}
              onChange={(e) => set({ notes: e.target.value })}
              maxLength={NOTES_MAX}
              rows={3}
              placeholder="Caption ideas, hashtags, who signs off…"
              className={`${FIELD} mt-1 resize-y`}
            />
          </label>

          <fieldset>
            <legend className="text-sm font-semibold text-white/70">Attach media</legend>
            {attachments === "loading" && <p className="mt-2 text-sm text-white/55">Loading your images and videos…</p>}
            {attachments === "failed" && <p className="mt-2 text-sm text-red-300">Your images and videos could not be loaded.</p>}
            {typeof attachments === "object" && media.length === 0 && (
              <p className="mt-2 text-sm text-white/55">
                No images or videos yet.{" "}
                <Link href="/studio" className={`font-bold text-cyan-300 underline-offset-2 hover:underline ${FOCUS}`}>
                  Make one in the Studio
                </Link>
                .
              </p>
            )}
            {media.length > 0 && (
              <div className="mt-2 grid grid-cols-4 gap-2 sm:grid-cols-6" data-testid="media-picker">
                <MediaRadio checked={draft.generationId === null} onChange={() => set({ generationId: null })} label="No media">
                  <span className="flex h-full items-center justify-center text-xs font-bold text-white/50">None</span>
                </MediaRadio>
                {media.map((m) => (
                  <MediaRadio key={m.id} checked={draft.generationId === m.id} onChange={() => set({ generationId: m.id })} label={`${m.modelName}${m.prompt ? `: ${m.prompt}` : ""}`}>
                    {m.contentType.startsWith("video/") ? (
                      <video src={m.url} muted playsInline preload="metadata" className="h-full w-full object-cover" />
                    ) : (
                      <img src={m.url} alt="" loading="lazy" className="h-full w-full object-cover" />
                    )}
                  </MediaRadio>
                ))}
              </div>
            )}
          </fieldset>

          <label className="block text-sm font-semibold text-white/70">
            Attach a marketing kit
            <select
              value={draft.kitId ?? ""}
              onChange={(e) => set({ kitId: e.target.value || null })}
              disabled={typeof attachments !== "object" && kits.length === 0}
              className={`${FIELD} mt-1`}
            >
              <option value="" className="bg-neutral-900">
                {typeof attachments === "object" && kits.length === 0 ? "No kits yet" : "No kit"}
              </option>
              {kits.map((k) => (
                <option key={k.id} value={k.id} className="bg-neutral-900">
                  {k.headline || "Untitled kit"}
                  {k.createdAt ? ` · ${shortDay(new Date(k.createdAt))}` : ""}
                </option>
              ))}
            </select>
          </label>

          {error && (
            <p role="alert" className="rounded-xl border border-red-400/30 bg-red-500/10 px-3 py-2 text-sm text-red-200">
              {error}
            </p>
          )}

          <div className="flex flex-wrap items-center gap-2 border-t border-white/10 pt-4">
            {entry && (
              <>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => (confirmDelete ? void run(() => onDelete(entry)) : setConfirmDelete(true))}
                  className={`rounded-full border border-red-400/30 px-4 py-2 text-sm font-bold text-red-300 hover:bg-red-500/10 disabled:opacity-40 ${FOCUS}`}
                >
                  {confirmDelete ? "Confirm delete" : "Delete"}
                </button>
                <button type="button" disabled={busy} onClick={() => onMove(entry)} className={SECONDARY}>
                  Move to…
                </button>
                <button type="button" disabled={busy} onClick={() => void run(() => onToggleStatus(entry))} className={SECONDARY}>
                  {entry.status === "published" ? "Mark as planned" : "Mark published"}
                </button>
              </>
            )}
            <div className="ml-auto flex gap-2">
              <button type="button" onClick={onClose} className={SECONDARY}>
                Cancel
              </button>
              <button type="submit" disabled={busy} className={PRIMARY}>
                {busy ? "Saving…" : entry ? "Save" : "Plan post"}
              </button>
            </div>
          </div>
        </form>
      )}
    </Modal>
  );
}

function MediaRadio({ checked, onChange, label, children }: { checked: boolean; onChange: () => void; label: string; children: React.ReactNode }) {
  return (
    <label className="relative block aspect-square cursor-pointer overflow-hidden rounded-xl border border-white/10 bg-white/5" title={label}>
      <input type="radio" name="media" checked={checked} onChange={onChange} aria-label={label} className="peer sr-only" />
      {children}
      <span aria-hidden className="pointer-events-none absolute inset-0 rounded-xl peer-checked:ring-2 peer-checked:ring-inset peer-checked:ring-cyan-400 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-cyan-300" />
    </label>
  );
}
