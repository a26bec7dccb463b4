// The context an assistant answer is written with: the thread's recent messages, newest kept,
// within a token budget; the oldest are dropped first. Of several answers to one question (it was
// regenerated) only the newest is sent.
import type { ChatMessage } from "@/lib/db/functions/text";
import type { ChatTurn } from "@/lib/providers/text-types";

/** Tokens of history sent with a message (about four characters a token). */
export const HISTORY_TOKENS = Number(process.env.ASSISTANT_HISTORY_TOKENS ?? 6_000);

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The turns to send: as many of the newest messages as fit, oldest first, and the new message last. */
export function conversationTurns(history: readonly ChatMessage[], message: string, budget = HISTORY_TOKENS): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let left = budget - estimateTokens(message);
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (!m.content) continue;
    // An answer written again replaces the earlier ones to the same question: only the newest is context.
    if (m.role === "assistant" && history[i + 1]?.role === "assistant") continue;
    const cost = estimateTokens(m.content);
    if (cost > left) break;
    left -= cost;
    turns.unshift({ role: m.role, text: m.content });
  }
  // A conversation starts with the user: a leading assistant turn has no question to answer.
  while (turns[0]?.role === "assistant") turns.shift();
  turns.push({ role: "user", text: message });
  // A question whose answer failed leaves two user turns in a row: they are one turn to the model.
  return turns.reduce<ChatTurn[]>((merged, turn) => {
    const last = merged.at(-1);
    if (last?.role === turn.role) last.text = `${last.text}\n\n${turn.text}`;
    else merged.push({ ...turn });
    return merged;
  }, []);
}
