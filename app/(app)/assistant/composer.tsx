"use client";

import Link from "next/link";
import { cx } from "@/components/ui/cx";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { ChatIcon } from "./chat-icon";

export const MESSAGE_MAX = 4000;

type Props = {
  draft: string;
  onDraft: (draft: string) => void;
  onSend: () => void;
  onStop: () => void;
  /** An answer is being written: the button stops it. */
  writing: boolean;
  price: number;
  balance: number;
  inputRef: React.RefObject<HTMLTextAreaElement | null>;
};

/**
 * The message box, kept at the bottom of what is visible (above the phone's tab bar, and above
 * the keyboard where the browser resizes the page for it). Its text is 16 px so iOS does not zoom
 * in on focus; Enter sends, Shift+Enter starts a new line.
 */
export function Composer({ draft, onDraft, onSend, onStop, writing, price, balance, inputRef }: Props) {
  const short = balance < price;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
      className="sticky bottom-[calc(4rem+env(safe-area-inset-bottom))] z-20 border-t border-white/10 bg-black/70 px-3 py-3 backdrop-blur-xl supports-[backdrop-filter]:bg-black/50 sm:px-6 md:bottom-0"
      data-testid="composer"
    >
      <div className="mx-auto max-w-3xl">
        <div className="flex items-end gap-2 rounded-3xl border border-white/15 bg-white/5 p-1.5 transition focus-within:border-cyan-400/70 focus-within:shadow-glow">
          <label htmlFor="assistant-message" className="sr-only">
            Message
          </label>
          <textarea
            id="assistant-message"
            ref={inputRef}
            value={draft}
            onChange={(e) => onDraft(e.target.value.slice(0, MESSAGE_MAX))}
            onKeyDown={(e) => {
              if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              if (!writing) onSend();
            }}
            rows={1}
            enterKeyHint="send"
            aria-describedby="assistant-message-hint"
            placeholder="Plan our spring launch…"
            className="max-h-40 min-h-11 min-w-0 flex-1 resize-none bg-transparent px-3 py-2.5 text-base leading-6 text-white outline-none [field-sizing:content] placeholder:text-white/50"
          />
          {/* One button that sends or stops, so focus stays on it when it turns into the other. */}
          <button
            type={writing ? "button" : "submit"}
            onClick={writing ? onStop : undefined}
            disabled={!writing && (!draft.trim() || short)}
            className={cx(
              "inline-flex h-11 shrink-0 items-center gap-2 rounded-full px-4 text-sm font-black transition disabled:opacity-40 disabled:shadow-none",
              writing ? "border border-white/20 bg-white/10 text-white hover:bg-white/20" : "bg-cyan-500 text-black shadow-glow hover:bg-cyan-400",
              FOCUS_RING,
            )}
          >
            {writing ? (
              <>
                <ChatIcon name="stop" className="size-3.5 fill-current" /> Stop
              </>
            ) : (
              <>
                Send <ChatIcon name="send" />
              </>
            )}
          </button>
        </div>
        <p id="assistant-message-hint" className="mt-2 px-3 text-xs text-white/60">
          {short ? (
            <>
              A message costs {price} credits.{" "}
              <Link href="/billing" className="font-bold text-amber-200 underline underline-offset-2">
                Top up to keep chatting
              </Link>
            </>
          ) : (
            <>
              {price} credits a message, refunded if the answer fails
              <span className="max-sm:hidden"> · Enter to send, Shift+Enter for a new line</span>
            </>
          )}
        </p>
      </div>
    </form>
  );
}
