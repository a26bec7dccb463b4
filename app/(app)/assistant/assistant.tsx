"use client";

import { useRef, useState } from "react";
import Markdown from "react-markdown";
import { setBalance, spend, useCredits } from "@/components/shell/credits-store";

/** What one message costs (the server charges it when the answer starts). */
const PRICE = 2;

type Message = { role: "user" | "assistant"; text: string; note?: string };
type Event =
  | { type: "start"; threadId: string; balance: number }
  | { type: "delta"; text: string }
  | { type: "done"; balance: number }
  | { type: "error"; message: string; balance: number | null };

/** Reads an NDJSON stream line by line as it arrives. */
async function* eventsOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Event> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield JSON.parse(line) as Event;
    }
  }
}

export function Assistant({ initialBalance }: { initialBalance: number }) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const balance = useCredits() ?? initialBalance;
  const threadId = useRef<string | undefined>(undefined);

  const patchLast = (patch: (m: Message) => Message) => setMessages((list) => [...list.slice(0, -1), patch(list[list.length - 1]!)]);

  async function send() {
    const message = draft.trim();
    if (!message || busy) return;
    setBusy(true);
    setDraft("");
    setMessages((list) => [...list, { role: "user", text: message }, { role: "assistant", text: "" }]);
    // The stream's lines carry the server's figure, which replaces this one as it arrives.
    const undo = spend(PRICE);
    try {
      const res = await fetch("/api/assistant", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, threadId: threadId.current }),
      });
      if (!res.ok || !res.body) {
        const json = await res.json().catch(() => null);
        const details = json?.error?.details;
        if (typeof details?.balance === "number") setBalance(details.balance);
        else undo();
        if (details?.threadId) threadId.current = details.threadId;
        patchLast((m) => ({ ...m, note: json?.error?.message ?? "Something went wrong." }));
        return;
      }
      for await (const event of eventsOf(res.body)) {
        if (event.type === "start") {
          threadId.current = event.threadId;
          setBalance(event.balance);
        } else if (event.type === "delta") patchLast((m) => ({ ...m, text: m.text + event.text }));
        else if (event.type === "done") setBalance(event.balance);
        else {
          if (event.balance !== null) setBalance(event.balance);
          patchLast((m) => ({ ...m, note: event.message }));
        }
      }
    } catch {
      // Nothing reached the ledger unless a line said so (a line's figure makes this a no-op).
      undo();
      patchLast((m) => ({ ...m, note: "The connection broke off. What arrived is kept." }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto flex max-w-3xl flex-col px-6 py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-4xl font-black tracking-tight">Assistant</h1>
          <p className="mt-2 text-white/50">A marketing strategist for your brand. {PRICE} credits a message.</p>
        </div>
      </header>
      <ol className="mt-8 space-y-4" data-testid="messages">
        {messages.map((m, i) => (
          <li key={i} className={`rounded-2xl border p-4 ${m.role === "user" ? "border-white/10 bg-white/5" : "border-cyan-500/20 bg-cyan-500/5"}`} data-role={m.role}>
            {m.role === "assistant" ? (
              // Markdown as text: raw HTML in an answer is shown, never run.
              <div className="space-y-2 text-sm leading-relaxed text-white/90 [&_ol]:list-decimal [&_ol]:pl-5 [&_strong]:text-white [&_ul]:list-disc [&_ul]:pl-5">
                {m.text ? <Markdown>{m.text}</Markdown> : busy && i === messages.length - 1 ? "…" : ""}
              </div>
            ) : (
              <p className="whitespace-pre-wrap text-sm leading-relaxed text-white/90">{m.text}</p>
            )}
            {m.note && <p className="mt-2 text-xs text-red-300">{m.note}</p>}
          </li>
        ))}
      </ol>
      <form
        className="mt-6 flex gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value.slice(0, 4000))}
          rows={2}
          placeholder="Plan a week of posts for our spring launch…"
          className="min-w-0 flex-1 resize-none rounded-2xl border border-white/10 bg-white/5 p-3 outline-none placeholder:text-white/30"
        />
        <button type="submit" disabled={busy || !draft.trim() || balance < PRICE} className="rounded-full bg-cyan-500 px-6 font-black text-black disabled:opacity-40">
          {busy ? "Writing…" : "Send"}
        </button>
      </form>
    </div>
  );
}
