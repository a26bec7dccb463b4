// The conversation as the page shows it: each question with its answers (several when it was
// regenerated; the newest is shown first, the earlier ones a click away).
import type { MessageStatus, StoredMessage } from "./chat-types";

export type AnswerStatus = MessageStatus | "writing";
export type Answer = { key: string; text: string; status: AnswerStatus; note?: string };
export type Failure = { message: string; refunded: boolean };
export type Turn = {
  key: string;
  question: string;
  answers: Answer[];
  /** Which answer is on screen. */
  shown: number;
  /** Why the question has no answer. */
  failure: Failure | null;
};

/** What a stored question without an answer means: it failed before any text, and was refunded. */
export const UNANSWERED: Failure = { message: "This message was not answered, and its credits were refunded.", refunded: true };

export function turnsOf(messages: readonly StoredMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.role === "user") {
      turns.push({ key: `m${m.id}`, question: m.content, answers: [], shown: 0, failure: null });
      continue;
    }
    // The oldest messages of a long thread may start with an answer whose question was cut off.
    const turn = turns.at(-1);
    if (!turn) continue;
    turn.answers.push({ key: `m${m.id}`, text: m.content, status: m.status });
    turn.shown = turn.answers.length - 1;
  }
  return turns.map((turn) => (turn.answers.length ? turn : { ...turn, failure: UNANSWERED }));
}

/** The turns with one answer changed. */
export function patchAnswer(turns: readonly Turn[], key: string, patch: (answer: Answer) => Answer): Turn[] {
  return turns.map((turn) => (turn.answers.some((a) => a.key === key) ? { ...turn, answers: turn.answers.map((a) => (a.key === key ? patch(a) : a)) } : turn));
}

/** The turns without one answer that never began; a question left with none says why. */
export function dropAnswer(turns: readonly Turn[], key: string, failure: Failure): Turn[] {
  return turns.map((turn) => {
    if (!turn.answers.some((a) => a.key === key)) return turn;
    const answers = turn.answers.filter((a) => a.key !== key);
    return { ...turn, answers, shown: Math.max(0, answers.length - 1), failure: answers.length ? turn.failure : failure };
  });
}
