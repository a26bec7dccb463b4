"use client";

import { usePathname } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from "react";

/*
 * The signed-in user's credit balance in the browser: one store for the header and every page.
 *
 * - The shell seeds it with the server's figure (CreditsProvider, in app/(app)/layout.tsx).
 * - `spend(price)` takes the price off at once when a run starts and returns an undo for a run
 *   that never reached the server's ledger; `setBalance(n)` puts in the server's figure.
 * - Pages rarely call setBalance themselves: `fetchJson` (./api.ts) feeds it every `balance`
 *   an API answer carries, so "spend, call the API with fetchJson, undo on failure" is the rule.
 * - `useCredits()` reads it (null when nobody is signed in); `refreshBalance()` asks /api/me,
 *   which the shell does itself on each move to another page and when the tab comes back.
 *
 * The server stays the only place credits move; this is a view of its figure.
 */

type Listener = () => void;

let balance: number | null = null;
// Bumped by each server figure: an undo of a spend from before it has nothing left to undo.
let epoch = 0;
const listeners = new Set<Listener>();

function emit() {
  for (const listener of listeners) listener();
}

function subscribe(listener: Listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Puts in the server's figure, which wins over every optimistic change before it. */
export function setBalance(next: number) {
  epoch += 1;
  if (next === balance) return;
  balance = next;
  emit();
}

/** Takes `price` off the shown balance now; the returned undo gives it back unless the server has spoken since. */
export function spend(price: number): () => void {
  if (balance === null) return () => {};
  const at = epoch;
  const taken = Math.min(price, balance);
  balance -= taken;
  emit();
  let undone = false;
  return () => {
    if (undone || at !== epoch || balance === null) return;
    undone = true;
    balance += taken;
    emit();
  };
}

const SeedContext = createContext<number | null>(null);

/** The shown balance: the latest in the store, or the server's seed before the store has one. */
export function useCredits(): number | null {
  // The server renders from the seed; the store is the browser's alone.
  const live = useSyncExternalStore(subscribe, () => balance, () => null);
  const seed = useContext(SeedContext);
  return live ?? seed;
}

/** Asks the server for the balance again (a figure other code may have moved meanwhile). */
export function refreshBalance(): Promise<void> {
  return fetch("/api/me", { cache: "no-store" })
    .then((res) => (res.ok ? res.json() : null))
    .then((me: { balance?: unknown } | null) => {
      if (typeof me?.balance === "number") setBalance(me.balance);
    })
    .catch(() => {});
}

/**
 * Seeds the store with the figure the server read for this page (null: nobody signed in), and
 * asks again when the user moves to another page or comes back to the tab: the shell is not
 * rendered again on the server for those, so its seed would grow old.
 */
export function CreditsProvider({ seed, children }: { seed: number | null; children: React.ReactNode }) {
  const pathname = usePathname();
  const shownPath = useRef(pathname);

  useEffect(() => {
    if (seed !== null) setBalance(seed);
  }, [seed]);

  useEffect(() => {
    if (seed === null || shownPath.current === pathname) return;
    shownPath.current = pathname;
    void refreshBalance();
  }, [seed, pathname]);

  useEffect(() => {
    if (seed === null) return;
    const onVisible = () => document.visibilityState === "visible" && void refreshBalance();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [seed]);

  return <SeedContext value={seed}>{children}</SeedContext>;
}
