"use client";

import { useState } from "react";
import { fetchJson } from "@/components/shell/api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { Thread } from "./chat-types";

/** Asks before a chat and its messages are deleted; open while `thread` is set. */
export function DeleteThreadDialog({ thread, onClose, onDeleted }: { thread: Thread | null; onClose: () => void; onDeleted: (thread: Thread) => void }) {
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function remove() {
    if (!thread || deleting) return;
    setDeleting(true);
    setProblem(null);
    try {
      const res = await fetchJson(`/api/assistant/threads/${encodeURIComponent(thread.id)}`, { method: "DELETE" });
      // A chat already gone is what the user asked for.
      if (res.ok || res.status === 404) onDeleted(thread);
      else setProblem(res.error?.message ?? "The chat could not be deleted.");
    } catch {
      setProblem("Could not reach the server.");
    } finally {
      setDeleting(false);
    }
  }

  function close() {
    setProblem(null);
    onClose();
  }

  return (
    <Dialog
      open={thread !== null}
      onOpenChange={(open) => !open && close()}
      title="Delete this chat?"
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Keep it
          </Button>
          <Button variant="danger" loading={deleting} onClick={() => void remove()}>
            Delete chat
          </Button>
        </>
      }
    >
      <p className="text-sm text-white/70">
        <span className="font-bold text-white">“{thread?.title}”</span> and all its messages are deleted for good. Credits already spent on it are not returned.
      </p>
      {problem && (
        <p role="alert" className="mt-3 text-sm font-semibold text-red-300">
          {problem}
        </p>
      )}
    </Dialog>
  );
}
