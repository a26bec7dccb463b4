"use client";

import { Toaster } from "sonner";
import { useMediaQuery, WIDE_SCREEN } from "./use-media-query";

// Above the phone's bottom bar (4rem and the home indicator's inset), clear of it.
const ABOVE_BOTTOM_BAR = "calc(env(safe-area-inset-bottom) + 5rem)";

/**
 * The one toaster of the signed-in pages (pages call sonner's `toast`, never mount their own).
 * Toasts come in at the bottom, away from the header's balance: bottom right on a desktop,
 * across the bottom just above the tab bar on a phone.
 */
export function ShellToaster() {
  const desktop = useMediaQuery(WIDE_SCREEN);
  return (
    <Toaster
      theme="dark"
      position={desktop ? "bottom-right" : "bottom-center"}
      offset={desktop ? 24 : { bottom: ABOVE_BOTTOM_BAR }}
      mobileOffset={{ bottom: ABOVE_BOTTOM_BAR, left: 12, right: 12 }}
      closeButton
      toastOptions={{ classNames: { toast: "!rounded-2xl !border-white/10 !bg-neutral-950/95 !backdrop-blur-xl" } }}
    />
  );
}
