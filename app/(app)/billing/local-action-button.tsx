"use client";

import type { PaidPlanId } from "@/lib/catalog";
import { useRequestThenGo } from "./use-request-then-go";

type Props = {
  body: { plan: PaidPlanId } | { action: "cancel" | "resume" | "expire" };
  label: string;
  busyLabel: string;
  done: string;
  tone?: "primary" | "plain" | "danger";
};

const TONES = {
  primary: "glow bg-cyan-500 text-black hover:bg-cyan-400",
  plain: "border border-white/15 bg-white/5 text-white hover:bg-white/10",
  danger: "border border-red-400/40 bg-red-500/10 text-red-200 hover:bg-red-500/20",
};

/** One step of the local checkout or portal: the server sends the signed webhooks, then back to billing. */
export function LocalActionButton({ body, label, busyLabel, done, tone = "primary" }: Props) {
  const { busy, problem, run } = useRequestThenGo("That did not work. Try again.");
  const send = () =>
    run(() => fetch("/api/lemon/local-checkout", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { go: done });

  return (
    <div>
      <button
        type="button"
        onClick={send}
        disabled={busy}
        className={`w-full rounded-full px-6 py-3 font-bold transition disabled:opacity-60 ${TONES[tone]}`}
      >
        {busy ? busyLabel : label}
      </button>
      {problem && <p role="alert" className="mt-3 text-sm text-amber-300">{problem.message}</p>}
    </div>
  );
}
