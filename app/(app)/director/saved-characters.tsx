"use client";

import { useState } from "react";
import { toast } from "sonner";

export type Character = {
  id: string;
  name: string;
  status: "training" | "ready" | "failed";
  anchorCount: number;
  error: string | null;
  createdAt: string;
};

const BADGES: Record<Character["status"], { label: string; className: string }> = {
  ready: { label: "Ready", className: "bg-cyan-500/15 text-cyan-300" },
  training: { label: "Training", className: "bg-amber-400/15 text-amber-200" },
  failed: { label: "Failed", className: "bg-red-500/15 text-red-300" },
};

export const isSelectable = (c: Character) => c.status === "ready" || c.status === "training";

type Props = {
  characters: Character[] | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onRenamed: (character: Character) => void;
  disabled?: boolean;
};

/** The user's trained characters: pick one to skip training, or rename it. */
export function SavedCharacters({ characters, selectedId, onSelect, onRenamed, disabled }: Props) {
  if (characters === null) return <p className="animate-pulse py-6 text-center text-sm text-white/55">Loading your characters…</p>;
  if (characters.length === 0) {
    return (
      <p className="rounded-2xl border border-white/10 bg-white/[0.03] px-4 py-6 text-center text-sm text-white/50">
        No saved characters yet. Upload anchors once: the character is kept for your next shots.
      </p>
    );
  }
  return (
    <ul role="radiogroup" aria-label="Saved characters" className="space-y-2">
      {characters.map((c) => (
        <CharacterRow key={c.id} character={c} selected={c.id === selectedId} onSelect={() => onSelect(c.id)} onRenamed={onRenamed} disabled={disabled} />
      ))}
    </ul>
  );
}

function CharacterRow({ character: c, selected, onSelect, onRenamed, disabled }: { character: Character; selected: boolean; onSelect: () => void; onRenamed: (c: Character) => void; disabled?: boolean }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(c.name);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const selectable = isSelectable(c);
  const badge = BADGES[c.status];

  async function rename() {
    const name = draft.trim();
    if (!name || name === c.name) return setEditing(false);
    setSaving(true);
    setProblem(null);
    try {
      const res = await fetch(`/api/characters/${c.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const message = body?.error?.message ?? "The character could not be renamed.";
        setProblem(message);
        toast.error(message);
        return;
      }
      onRenamed(body.character);
      setEditing(false);
      toast.success(`Renamed to ${body.character.name}`);
    } catch {
      setProblem("Could not reach the server.");
    } finally {
      setSaving(false);
    }
  }

  return (
    <li
      data-testid="saved-character"
      className={`rounded-2xl border p-3 transition ${selected ? "border-cyan-500 bg-cyan-500/10" : "border-white/10 bg-white/[0.03]"} ${selectable ? "" : "opacity-70"}`}
    >
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <input
            value={draft}
            onChange={(e) => setDraft(e.target.value.slice(0, 100))}
            maxLength={100}
            autoFocus
            aria-label={`New name for ${c.name}`}
            className="min-w-0 flex-1 rounded-lg border border-white/15 bg-black px-3 py-1.5 text-sm outline-none focus:border-cyan-500/60"
          />
          <button type="submit" disabled={saving || !draft.trim()} className="rounded-full bg-cyan-500 px-4 py-1.5 text-xs font-black text-black disabled:opacity-40">
            {saving ? "Saving…" : "Save"}
          </button>
          <button type="button" onClick={() => (setEditing(false), setDraft(c.name), setProblem(null))} className="rounded-full px-3 py-1.5 text-xs font-bold text-white/60 hover:text-white">
            Cancel
          </button>
        </form>
      ) : (
        <div className="flex items-center gap-3">
          <button
            type="button"
            role="radio"
            aria-checked={selected}
            disabled={!selectable || disabled}
            onClick={onSelect}
            className="flex min-w-0 flex-1 items-center gap-3 text-left disabled:cursor-not-allowed"
          >
            <span className={`flex size-4 shrink-0 items-center justify-center rounded-full border ${selected ? "border-cyan-400" : "border-white/30"}`}>
              {selected && <span className="size-2 rounded-full bg-cyan-400" />}
            </span>
            <span className="min-w-0">
              <span className="block truncate font-black">{c.name}</span>
              <span className="block text-xs text-white/50">
                {c.anchorCount} {c.anchorCount === 1 ? "anchor" : "anchors"}
                {c.status === "training" && " · a shot waits for training to finish"}
              </span>
            </span>
          </button>
          <span data-testid="character-status" className={`shrink-0 rounded-full px-2.5 py-0.5 text-[11px] font-black uppercase tracking-wider ${badge.className}`}>
            {badge.label}
          </span>
          <button
            type="button"
            onClick={() => (setDraft(c.name), setEditing(true))}
            aria-label={`Rename ${c.name}`}
            className="shrink-0 rounded-full p-1.5 text-white/50 hover:bg-white/10 hover:text-white"
          >
            <svg aria-hidden viewBox="0 0 16 16" className="size-4">
              <path d="M11.3 2.3a1.5 1.5 0 0 1 2.1 2.1L5.6 12.2 2.5 13l.8-3.1 8-7.6Z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
            </svg>
          </button>
        </div>
      )}
      {c.status === "failed" && c.error && <p className="mt-2 text-xs text-red-300">{c.error} Upload its photos again to retry.</p>}
      {problem && (
        <p role="alert" className="mt-2 text-xs text-amber-300">
          {problem}
        </p>
      )}
    </li>
  );
}
