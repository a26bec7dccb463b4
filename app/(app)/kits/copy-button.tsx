"use client";

import { useEffect, useRef, useState } from "react";

/** Copies `text` to the clipboard and says so on the button for two seconds. */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  }

  return (
    <button
      type="button"
      onClick={() => void copy()}
      className={`shrink-0 rounded-full px-3 py-1 text-xs font-bold outline-none transition-colors focus-visible:ring-2 focus-visible:ring-cyan-400 motion-reduce:transition-none ${
        state === "copied" ? "bg-cyan-500 text-black" : state === "failed" ? "bg-red-500/20 text-red-200" : "bg-white/10 text-white/80 hover:bg-white/20"
      }`}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
      <span className="sr-only"> {what}</span>
    </button>
  );
}
