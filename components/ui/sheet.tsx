"use client";

import { cx } from "./cx";
import { ModalFrame, type ModalProps } from "./modal-frame";

const SIDES = {
  bottom: {
    frame: "fixed inset-x-0 bottom-0 top-auto h-auto w-full",
    panel: "max-h-[85dvh] w-full rounded-t-3xl border-b-0 pb-[env(safe-area-inset-bottom)]",
  },
  right: {
    frame: "fixed inset-y-0 right-0 left-auto h-full w-auto",
    panel: "h-dvh w-[min(24rem,100vw)] rounded-l-3xl border-r-0",
  },
  left: {
    frame: "fixed inset-y-0 left-0 right-auto h-full w-auto",
    panel: "h-dvh w-[min(24rem,100vw)] rounded-r-3xl border-l-0",
  },
} as const;

/**
 * A panel from an edge of the screen, the phone's dialog: the bottom one for menus, a side one
 * for filters or details. Same behaviour as Dialog (modal, Esc, focus kept inside).
 */
export function Sheet({ side = "bottom", ...props }: ModalProps & { side?: keyof typeof SIDES }) {
  return <ModalFrame {...props} panelClassName={SIDES[side].frame} className={cx(SIDES[side].panel, props.className)} />;
}
