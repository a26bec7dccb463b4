"use client";

import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { Skeleton } from "@/components/ui/skeleton";
import { ChatIcon } from "./chat-icon";
import type { Thread } from "./chat-types";
import { formatDayTime } from "@/components/ui/format";

type Props = {
  /** null while the list loads. */
  threads: Thread[] | null;
  problem: string | null;
  onRetry: () => void;
  currentId: string | null;
  onOpen: (thread: Thread) => void;
  onRename: (thread: Thread) => void;
  onDelete: (thread: Thread) => void;
  /** While an answer is being written the user stays in its chat. */
  locked: boolean;
};

const when = (iso: string) => formatDayTime(iso);

/** The user's chats, most recent first: open one, rename it, delete it. */
export function ThreadList({ threads, problem, onRetry, currentId, onOpen, onRename, onDelete, locked }: Props) {
  if (problem) {
    return (
      <div role="alert" className="rounded-2xl border border-red-500/30 bg-red-500/10 p-3 text-sm text-red-200">
        {problem}
        <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
          Try again
        </Button>
      </div>
    );
  }
  if (threads === null) {
    return (
      <div className="space-y-2" aria-busy="true" aria-label="Loading your chats">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-14 w-full rounded-xl" />
        ))}
      </div>
    );
  }
  if (threads.length === 0) {
    return <p className="px-1 text-sm text-white/60">No chats yet. Your conversations are kept here.</p>;
  }
  return (
    <ul className="space-y-1" data-testid="thread-list">
      {threads.map((thread) => {
        const current = thread.id === currentId;
        return (
          <li
            key={thread.id}
            data-thread={thread.id}
            className={cx(
              "group flex items-center gap-1 rounded-xl pr-1 transition",
              current ? "bg-cyan-500/10 ring-1 ring-cyan-500/40" : "hover:bg-white/5",
            )}
          >
            <button
              type="button"
              onClick={() => onOpen(thread)}
              disabled={locked && !current}
              aria-current={current ? "true" : undefined}
              className={cx("min-w-0 flex-1 rounded-xl px-3 py-2 text-left disabled:opacity-50", FOCUS_RING)}
            >
              <span className={cx("block truncate text-sm font-bold", current ? "text-white" : "text-white/80")}>{thread.title}</span>
              <span className="block text-xs text-white/60">{when(thread.updated_at)}</span>
            </button>
            {/* With a mouse the actions of other chats show on hover or focus; on a touch screen they always show. */}
            <div className={cx("flex shrink-0 items-center", !current && "pointer-fine:opacity-0 pointer-fine:group-focus-within:opacity-100 pointer-fine:group-hover:opacity-100")}>
              <Button variant="ghost" size="icon" className="size-8" onClick={() => onRename(thread)} aria-label={`Rename “${thread.title}”`}>
                <ChatIcon name="pencil" />
              </Button>
              <Button
                variant="ghost"
                size="icon"
                className="size-8 hover:text-red-200"
                onClick={() => onDelete(thread)}
                disabled={locked && current}
                aria-label={`Delete “${thread.title}”`}
              >
                <ChatIcon name="trash" />
              </Button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
