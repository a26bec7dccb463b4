"use client";

import { useState } from "react";
import { setBalance } from "@/components/shell/credits-store";

/**
 * The billing buttons' one behaviour: send a request, go where its answer says (or `go`), and
 * otherwise show the error's message. `onAnswer` may take an answer without a URL instead.
 * A `balance` in the answer (the local checkout's) goes into the header's store at once.
 */
export function useRequestThenGo(fallbackMessage: string) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; portalUrl?: string } | null>(null);

  async function run(request: () => Promise<Response>, options: { go?: string; onAnswer?: (body: any) => boolean } = {}) {
    setBusy(true);
    setProblem(null);
    const res = await request().catch(() => null);
    const body = await res?.json().catch(() => null);
    if (res?.ok) {
      if (typeof body?.balance === "number") setBalance(body.balance);
      const target = body?.url ?? options.go;
      if (target) {
        window.location.assign(target);
        return;
      }
      if (options.onAnswer?.(body)) {
        setBusy(false);
        return;
      }
    }
    setProblem({
      message: body?.error?.message ?? (res ? fallbackMessage : `${fallbackMessage} Check your connection.`),
      portalUrl: body?.error?.details?.portalUrl,
    });
    setBusy(false);
  }

  return { busy, problem, run };
}
