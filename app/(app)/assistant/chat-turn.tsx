"use client";

import { m } from "framer-motion";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { AnswerText } from "./answer-text";
import { ChatIcon } from "./chat-icon";
import type { Answer, Turn } from "./turns";

type Props = {
  turn: Turn;
  price: number;
  /** Only the last question can be answered again. */
  last: boolean;
  /** Another answer is being written or there are not enough credits: regenerating waits. */
  canRegenerate: boolean;
  onRegenerate: () => void;
  onShow: (index: number) => void;
  onCopy: (text: string) => void;
};

/** What an answer cost, as the server settled it. */
function CostBadge({ answer, price }: { answer: Answer; price: number }) {
  const credits = `${price} credits`;
  switch (answer.status) {
    case "writing":
      return (
        <Badge tone="primary" data-testid="answer-cost">
          <Spinner className="size-3" /> Writing… · {credits}
        </Badge>
      );
    case "interrupted":
      return (
        <Badge tone="warning" data-testid="answer-cost">
          Stopped · {credits}
        </Badge>
      );
    case "partial":
      return (
        <Badge tone="success" data-testid="answer-cost">
          Cut off · refunded
        </Badge>
      );
    default:
      return <Badge data-testid="answer-cost">{credits}</Badge>;
  }
}

function TypingDots() {
  return (
    <span className="flex h-6 items-center gap-1" role="status">
      <span className="sr-only">Writing the answer…</span>
      {[0, 150, 300].map((delay) => (
        <span key={delay} aria-hidden className="size-2 animate-bounce rounded-full bg-cyan-300/80 motion-reduce:animate-none" style={{ animationDelay: `${delay}ms` }} />
      ))}
    </span>
  );
}

/** One question and its answer, in bubbles; the answer grows while it is written. */
export function ChatTurn({ turn, price, last, canRegenerate, onRegenerate, onShow, onCopy }: Props) {
  const answer = turn.answers[turn.shown];
  const count = turn.answers.length;
  const writing = answer?.status === "writing";
  return (
    <m.li initial={{ opacity: 0, y: 12 }} animate={{ opacity: 1, y: 0 }} transition={{ duration: 0.25, ease: "easeOut" }} className="space-y-3">
      <div className="flex justify-end">
        <p data-role="user" className="max-w-[85%] whitespace-pre-wrap break-words rounded-3xl rounded-br-md bg-white/10 px-4 py-2.5 text-[15px] leading-relaxed text-white">
          {turn.question}
        </p>
      </div>

      {answer ? (
        <m.article
          key={answer.key}
          initial={{ opacity: 0, y: 8, scale: 0.98 }}
          animate={{ opacity: 1, y: 0, scale: 1 }}
          transition={{ duration: 0.3, ease: "easeOut" }}
          aria-label={count > 1 ? `Answer ${turn.shown + 1} of ${count}` : "Answer"}
          data-status={answer.status}
          className="min-w-0 rounded-3xl rounded-bl-md border border-cyan-500/20 bg-cyan-500/[0.06] px-4 py-3 shadow-[0_0_40px_-16px] shadow-cyan-500/50 sm:px-5 sm:py-4"
        >
          <div data-role="assistant" className="text-[15px] leading-relaxed text-white/90">
            {answer.text && <AnswerText text={answer.text} />}
          </div>
          {!answer.text && writing && <TypingDots />}
          {answer.note && <p className="mt-2 text-sm text-amber-200">{answer.note}</p>}

          <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-white/10 pt-3">
            <CostBadge answer={answer} price={price} />
            {count > 1 && (
              <div role="group" aria-label="Versions of this answer" className="flex items-center text-xs font-bold text-white/70">
                <Button variant="ghost" size="icon" className="size-8" aria-label="Previous answer" disabled={turn.shown === 0} onClick={() => onShow(turn.shown - 1)}>
                  <ChatIcon name="previous" />
                </Button>
                <span className="tabular-nums" data-testid="answer-position">
                  {turn.shown + 1} / {count}
                </span>
                <Button variant="ghost" size="icon" className="size-8" aria-label="Next answer" disabled={turn.shown === count - 1} onClick={() => onShow(turn.shown + 1)}>
                  <ChatIcon name="next" />
                </Button>
              </div>
            )}
            {!writing && (
              <div className="ml-auto flex items-center gap-1">
                <Button variant="ghost" size="sm" onClick={() => onCopy(answer.text)} aria-label="Copy answer">
                  <ChatIcon name="copy" /> Copy
                </Button>
                {last && (
                  <Button variant="ghost" size="sm" onClick={onRegenerate} disabled={!canRegenerate} aria-label={`Regenerate answer (${price} credits)`}>
                    <ChatIcon name="regenerate" /> Regenerate
                  </Button>
                )}
              </div>
            )}
          </div>
        </m.article>
      ) : (
        turn.failure && (
          <div role="status" data-testid="answer-failure" className="rounded-3xl rounded-bl-md border border-white/10 bg-white/5 px-4 py-3 text-sm text-white/70">
            <p>{turn.failure.message}</p>
            <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-white/10 pt-3">
              {turn.failure.refunded && <Badge tone="success">Refunded</Badge>}
              {last && (
                <Button variant="secondary" size="sm" className="ml-auto" onClick={onRegenerate} disabled={!canRegenerate} aria-label={`Try again (${price} credits)`}>
                  <ChatIcon name="regenerate" /> Try again
                </Button>
              )}
            </div>
          </div>
        )
      )}
    </m.li>
  );
}
