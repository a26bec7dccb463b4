"use client";

import { useSyncExternalStore } from "react";

/** Tailwind's `md` breakpoint and up: the desktop layout of the shell and the pages. */
export const WIDE_SCREEN = "(min-width: 768px)";

/** Whether a CSS media query matches now, following it as it changes; false on the server. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
