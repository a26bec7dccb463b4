"use client";

import { useState } from "react";
import { fetchJson } from "@/components/shell/api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { Thread } from "./chat-types";

const TITLE_MAX = 120;

/** Renames a chat; open while `thread` is set. */
export function RenameThreadDialog({ thread, onClose, onRenamed }: { thread: Thread | null; onClose: () => void; onRenamed: (thread: Thread) => void }) {
  return (
    <Dialog open={thread !== null} onOpenChange={(open) => !open && onClose()} title="Rename chat">
      {/* Keyed by thread so each opening starts from that chat's own title. */}
      {thread && <RenameForm key={thread.id} thread={thread} onCancel={onClose} onRenamed={onRenamed} />}
    </Dialog>
  );
}

function RenameForm({ thread, onCancel, onRenamed }: { thread: Thread; onCancel: () => void; onRenamed: (thread: Thread) => void }) {
  const [title, setTitle] = useState(thread.title);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!title.trim() || saving) return;
    setSaving(true);
    setProblem(null);
    try {
      const res = await fetchJson<{ thread: Thread }>(`/api/assistant/threads/${encodeURIComponent(thread.id)}`, { method: "PATCH", json: { title: title.trim() } });
      if (res.ok && res.data) onRenamed(res.data.thread);
      else setProblem(res.status === 404 ? "This chat no longer exists." : (res.error?.message ?? "The chat could not be renamed."));
    } catch {
      setProblem("Could not reach the server.");
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} className="space-y-5">
      <Input
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value.slice(0, TITLE_MAX))}
        maxLength={TITLE_MAX}
        autoFocus
        required
        error={problem}
        className="max-sm:text-base"
      />
      <div className="flex flex-wrap justify-end gap-3">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={saving} disabled={!title.trim()}>
          Save
        </Button>
      </div>
    </form>
  );
}
