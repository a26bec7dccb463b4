import type { Client } from "../support/app";

export type StreamEvent = { type: string; text?: string; balance?: number | null; code?: string; refunded?: boolean; threadId?: string; generationId?: string; messageId?: number };

/** Reads an assistant answer as the browser does: chunk by chunk, each NDJSON line an event. */
export async function readAnswer(res: Response, options: { stopAfterDeltas?: number } = {}) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  const arrivals: number[] = [];
  let buffer = "";
  let deltas = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    arrivals.push(Date.now());
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (!line.trim()) continue;
      const event = JSON.parse(line) as StreamEvent;
      events.push(event);
      if (event.type === "delta") deltas++;
    }
    if (options.stopAfterDeltas && deltas >= options.stopAfterDeltas) {
      await reader.cancel();
      break;
    }
  }
  const text = events.filter((e) => e.type === "delta").map((e) => e.text).join("");
  return { events, arrivals, text, last: events.at(-1)! };
}

export function ask(user: Client, json: Record<string, unknown>, init: RequestInit = {}) {
  return user.fetch("/api/assistant", { method: "POST", json, ...init });
}

/** Waits until `check` holds, for state the server finishes after the client has gone. */
export async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
