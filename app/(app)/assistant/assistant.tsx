"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/shell/api";
import { refreshBalance, setBalance, spend, useCredits } from "@/components/shell/credits-store";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { Sheet } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { answerEvents } from "./answer-events";
import { loadMarkdown } from "./answer-text";
import { BrandDialog } from "./brand-dialog";
import { ChatIcon } from "./chat-icon";
import { ChatTurn } from "./chat-turn";
import type { ApiErrorBody, StoredMessage, Thread } from "./chat-types";
import { Composer } from "./composer";
import { DeleteThreadDialog } from "./delete-thread-dialog";
import { RenameThreadDialog } from "./rename-thread-dialog";
import { ThreadList } from "./thread-list";
import { dropAnswer, patchAnswer, turnsOf, type Turn } from "./turns";

type Request = { message: string } | { regenerate: true };
/** new: no thread yet; missing: the address names a thread that is not the user's (or no longer exists). */
type Phase = "new" | "loading" | "ready" | "missing" | "error";

const SUGGESTIONS = [
  "Plan a week of Instagram posts for our spring launch",
  "Write three hooks for a 15-second product video",
  "Which channels should a small tea brand start with?",
];

/** Within this many pixels of the end, the conversation follows a growing answer. */
const FOLLOW_SLACK = 120;

let keys = 0;
const nextKey = () => `local-${++keys}`;

function setAddress(threadId: string | null) {
  window.history.replaceState(null, "", threadId ? `/assistant?thread=${encodeURIComponent(threadId)}` : "/assistant");
}

export function Assistant({ price, initialBalance, initialThreadId }: { price: number; initialBalance: number; initialThreadId: string | null }) {
  const balance = useCredits() ?? initialBalance;
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [threadsProblem, setThreadsProblem] = useState<string | null>(null);
  const [threadId, setThreadId] = useState<string | null>(initialThreadId);
  const [phase, setPhase] = useState<Phase>(initialThreadId ? "loading" : "new");
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState("");
  const [writing, setWriting] = useState(false);
  const [chatsOpen, setChatsOpen] = useState(false);
  const [brandOpen, setBrandOpen] = useState(false);
  const [renaming, setRenaming] = useState<Thread | null>(null);
  const [deleting, setDeleting] = useState<Thread | null>(null);

  const input = useRef<HTMLTextAreaElement>(null);
  const stream = useRef<AbortController | null>(null);
  const opening = useRef<string | null>(initialThreadId);
  const current = useRef<string | null>(initialThreadId);
  const follow = useRef(true);

  const adopt = useCallback((id: string | null) => {
    current.current = id;
    setThreadId(id);
    setAddress(id);
  }, []);

  const loadThreads = useCallback(async () => {
    setThreadsProblem(null);
    try {
      const res = await fetchJson<{ items: Thread[] }>("/api/assistant/threads");
      if (res.ok && res.data) setThreads(res.data.items);
      else setThreadsProblem(res.error?.message ?? "Your chats could not be loaded.");
    } catch {
      setThreadsProblem("Could not reach the server.");
    }
  }, []);

  const openThread = useCallback(
    async (id: string) => {
      opening.current = id;
      adopt(id);
      setPhase("loading");
      setReadProblem(null);
      try {
        const res = await fetchJson<{ thread: Thread; messages: StoredMessage[] }>(`/api/assistant/threads/${encodeURIComponent(id)}`);
        if (opening.current !== id) return;
        if (res.ok && res.data) {
          follow.current = true;
          setTurns(turnsOf(res.data.messages));
          setPhase("ready");
        } else if (res.status === 404) {
          adopt(null);
          setTurns([]);
          setPhase("missing");
        } else {
          setReadProblem(res.error?.message ?? "This chat could not be loaded.");
          setPhase("error");
        }
      } catch {
        if (opening.current !== id) return;
        setReadProblem("Could not reach the server.");
        setPhase("error");
      }
    },
    [adopt],
  );

  useEffect(() => {
    void loadMarkdown();
    void loadThreads();
    if (initialThreadId) void openThread(initialThreadId);
  }, [loadThreads, openThread, initialThreadId]);

  // The conversation follows the newest text unless the reader has scrolled up to read.
  useEffect(() => {
    const onScroll = () => {
      const end = document.documentElement.scrollHeight - window.innerHeight;
      follow.current = end - window.scrollY < FOLLOW_SLACK;
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);
  useLayoutEffect(() => {
    if (follow.current) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [turns]);

  // Leaving the page stops an answer in progress; what was written is kept by the server.
  useEffect(() => () => stream.current?.abort(), []);

  /** A chat just begun is listed at once, under the title the server gives it (the message's start). */
  function showThread(id: string, message: string) {
    const now = new Date().toISOString();
    setThreads((all) => (all && !all.some((t) => t.id === id) ? [{ id, title: message.slice(0, 60), created_at: now, updated_at: now }, ...all] : all));
  }

  function newChat() {
    opening.current = null;
    adopt(null);
    setTurns([]);
    setPhase("new");
    setChatsOpen(false);
    input.current?.focus();
  }

  async function ask(request: Request) {
    if (stream.current) return;
    const controller = new AbortController();
    stream.current = controller;
    const answerKey = nextKey();
    const writingAnswer = { key: answerKey, text: "", status: "writing" as const };
    if ("message" in request) {
      setTurns((list) => [...list, { key: nextKey(), question: request.message, answers: [writingAnswer], shown: 0, failure: null }]);
    } else {
      setTurns((list) => list.map((turn, i) => (i === list.length - 1 ? { ...turn, answers: [...turn.answers, writingAnswer], shown: turn.answers.length, failure: null } : turn)));
    }
    setPhase("ready");
    setWriting(true);
    follow.current = true;
    const patch = (change: Parameters<typeof patchAnswer>[2]) => setTurns((list) => patchAnswer(list, answerKey, change));
    // The server's figure from each line replaces this one; undone only if no line ever came.
    const undo = spend(price);
    let heard = false;
    let ended = false;
    let text = "";
    try {
      const res = await fetch("/api/assistant", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...request, threadId: current.current ?? undefined }),
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const { error } = (await res.json().catch(() => ({}))) as ApiErrorBody;
        const message = error?.message ?? `Something went wrong (${res.status}).`;
        if (typeof error?.details?.balance === "number") setBalance(error.details.balance);
        else undo();
        if (error?.details?.threadId) adopt(error.details.threadId);
        if (res.status === 502) {
          // The model failed before writing anything: the question is kept, the credits came back.
          setTurns((list) => dropAnswer(list, answerKey, { message, refunded: true }));
          if (!("message" in request)) toast.error(message);
        } else if ("message" in request) {
          // Refused before anything was kept (credits, limits): the message goes back in the box.
          setTurns((list) => list.filter((turn) => !turn.answers.some((a) => a.key === answerKey)));
          setDraft((now) => now || request.message);
          toast.error(message);
        } else {
          setTurns((list) => dropAnswer(list, answerKey, { message, refunded: false }));
          toast.error(message);
        }
        return;
      }
      for await (const event of answerEvents(res.body)) {
        if (event.type === "start") {
          heard = true;
          adopt(event.threadId);
          setBalance(event.balance);
          if ("message" in request) showThread(event.threadId, request.message);
        } else if (event.type === "delta") {
          text += event.text;
          const grown = text;
          patch((a) => ({ ...a, text: grown }));
        } else if (event.type === "done") {
          ended = true;
          setBalance(event.balance);
          patch((a) => ({ ...a, status: "complete" }));
        } else {
          ended = true;
          if (event.balance !== null) setBalance(event.balance);
          patch((a) => ({ ...a, status: "partial", note: event.message }));
        }
      }
      // A stream that closes without its last line broke off like a dropped connection.
      if (!ended) throw new Error("The answer stream closed early.");
    } catch {
      const stopped = controller.signal.aborted;
      if (!heard) {
        // Nothing said whether the server charged; its own figure settles it.
        undo();
        void refreshBalance();
      }
      if (text) {
        patch((a) => ({ ...a, status: "interrupted", note: stopped ? undefined : "The connection broke off. What arrived is kept." }));
      } else {
        setTurns((list) =>
          dropAnswer(list, answerKey, { message: stopped ? "Stopped before any text arrived." : "The connection broke off before the answer began.", refunded: false }),
        );
      }
    } finally {
      stream.current = null;
      setWriting(false);
      void loadThreads();
    }
  }

  function send() {
    const message = draft.trim();
    if (!message || writing || balance < price) return;
    setDraft("");
    void ask({ message });
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      toast.success("Answer copied");
    } catch {
      toast.error("Could not copy: the browser did not allow the clipboard.");
    }
  }

  const thread = threads?.find((t) => t.id === threadId) ?? null;
  const list = (
    <ThreadList
      threads={threads}
      problem={threadsProblem}
      onRetry={() => void loadThreads()}
      currentId={threadId}
      locked={writing}
      onOpen={(t) => {
        setChatsOpen(false);
        if (t.id !== current.current || phase !== "ready") void openThread(t.id);
      }}
      onRename={setRenaming}
      onDelete={setDeleting}
    />
  );

  return (
    <div className="flex w-full">
      <aside aria-label="Chats" className="hidden w-72 shrink-0 border-r border-white/10 bg-white/[0.02] lg:block">
        <div className="sticky top-16 max-h-[calc(100dvh-4rem)] overflow-y-auto p-4">
          <h2 className="mb-3 px-1 text-xs font-bold uppercase tracking-widest text-white/60">Chats</h2>
          {list}
        </div>
      </aside>

      <section className="flex min-h-[calc(100dvh-8rem-env(safe-area-inset-bottom))] min-w-0 flex-1 flex-col md:min-h-[calc(100dvh-4rem)]">
        <header className="mx-auto flex w-full max-w-3xl items-center gap-2 px-4 pb-2 pt-6 sm:px-6">
          <div className="min-w-0 flex-1">
            <h1 className="text-3xl font-black tracking-tight sm:text-4xl">Assistant</h1>
            <p className="mt-1 truncate text-sm text-white/60" data-testid="thread-title">
              {thread?.title ?? (threadId ? "…" : "A marketing strategist for your brand")}
            </p>
          </div>
          <Button variant="secondary" size="sm" className="lg:hidden" onClick={() => setChatsOpen(true)} aria-haspopup="dialog">
            <ChatIcon name="chats" />
            <span className="max-sm:sr-only">Chats</span>
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setBrandOpen(true)} aria-haspopup="dialog">
            <ChatIcon name="brand" />
            <span className="max-sm:sr-only">Brand</span>
          </Button>
          <Button size="sm" onClick={newChat} disabled={writing}>
            <ChatIcon name="plus" />
            <span className="max-sm:sr-only">New chat</span>
          </Button>
        </header>

        <div className="mx-auto w-full max-w-3xl flex-1 px-4 pb-6 pt-4 sm:px-6">
          {phase === "loading" ? (
            <div className="space-y-6" aria-busy="true" aria-label="Loading the chat">
              <Skeleton className="ml-auto h-12 w-2/3 rounded-3xl" />
              <Skeleton className="h-40 w-full rounded-3xl" />
              <Skeleton className="ml-auto h-12 w-1/2 rounded-3xl" />
            </div>
          ) : phase === "missing" ? (
            <EmptyState
              title="This chat is not here"
              description="It was deleted, or it belongs to another account. Your own chats are in the list."
              icon={<ChatIcon name="chats" className="size-6" />}
              action={<Button onClick={newChat}>Start a new chat</Button>}
            />
          ) : phase === "error" ? (
            <div role="alert" className="rounded-3xl border border-red-500/30 bg-red-500/10 p-5 text-sm text-red-200">
              {readProblem}
              <div className="mt-3">
                <Button variant="secondary" size="sm" onClick={() => threadId && void openThread(threadId)}>
                  Try again
                </Button>
              </div>
            </div>
          ) : turns.length === 0 ? (
            <EmptyState
              title="What are we launching?"
              description={`Ask for campaign ideas, hooks, captions or a posting plan. It writes for the brand you describe, ${price} credits a message.`}
              icon={<ChatIcon name="chats" className="size-6" />}
              action={
                <div className="flex flex-wrap justify-center gap-2">
                  {SUGGESTIONS.map((s) => (
                    <button
                      key={s}
                      type="button"
                      className={cx("rounded-2xl border border-white/15 bg-white/5 px-3.5 py-2 text-left text-sm font-semibold text-white/80 transition hover:border-cyan-400/50 hover:bg-white/10 hover:text-white", FOCUS_RING)}
                      onClick={() => {
                        setDraft(s);
                        input.current?.focus();
                      }}
                    >
                      {s}
                    </button>
                  ))}
                </div>
              }
            />
          ) : (
            <div role="log" aria-label="Conversation" aria-busy={writing}>
              <ol className="space-y-8" data-testid="messages">
                {turns.map((turn, i) => (
                  <ChatTurn
                    key={turn.key}
                    turn={turn}
                    price={price}
                    last={i === turns.length - 1}
                    canRegenerate={!writing && balance >= price}
                    onRegenerate={() => void ask({ regenerate: true })}
                    onShow={(shown) => setTurns((list) => list.map((t) => (t.key === turn.key ? { ...t, shown } : t)))}
                    onCopy={(text) => void copy(text)}
                  />
                ))}
              </ol>
            </div>
          )}
        </div>

        <Composer
          draft={draft}
          onDraft={setDraft}
          onSend={send}
          onStop={() => stream.current?.abort()}
          writing={writing}
          price={price}
          balance={balance}
          inputRef={input}
        />
      </section>

      <Sheet open={chatsOpen} onOpenChange={setChatsOpen} title="Chats" side="left">
        {list}
      </Sheet>
      <RenameThreadDialog
        thread={renaming}
        onClose={() => setRenaming(null)}
        onRenamed={(renamed) => {
          setRenaming(null);
          setThreads((all) => all?.map((t) => (t.id === renamed.id ? renamed : t)) ?? all);
          toast.success(`Renamed to “${renamed.title}”`);
        }}
      />
      <DeleteThreadDialog
        thread={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(gone) => {
          setDeleting(null);
          setThreads((all) => all?.filter((t) => t.id !== gone.id) ?? all);
          if (gone.id === current.current) newChat();
          toast.success(`Deleted “${gone.title}”`);
        }}
      />
      <BrandDialog open={brandOpen} onOpenChange={setBrandOpen} />
    </div>
  );
}
