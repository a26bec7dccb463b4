"use client";

import { useEffect, useId, useRef } from "react";
import { cx } from "./cx";
import { FOCUS_RING } from "./focus-ring";

export type ModalProps = {
  open: boolean;
  /** Called with false when the person closes it: Esc, the close button, or a click outside. */
  onOpenChange: (open: boolean) => void;
  /** The heading that names the dialog for screen readers. */
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
  /** Buttons at the foot: confirm, cancel. */
  footer?: React.ReactNode;
  className?: string;
};

/**
 * What the dialog and the sheet share: a native modal `<dialog>`. The browser makes the rest of
 * the page inert (focus stays inside), closes it on Esc, and gives focus back to the control
 * that opened it; the content is mounted only while it is open.
 */
export function ModalFrame({ open, onOpenChange, title, description, children, footer, className, panelClassName }: ModalProps & { panelClassName: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      // Named only while open, in the same render that mounts the heading it names. The element
      // itself comes from the server's HTML, and React keeps the attributes it hydrated: whenever
      // the client computes other ids than the server did (React 19.2 did under load before
      // facebook/react#35518, see scripts/patches), a name written at hydration points at no heading.
      aria-labelledby={open ? titleId : undefined}
      aria-describedby={open && description ? descriptionId : undefined}
      onClose={() => onOpenChange(false)}
      // The dialog element itself is only the backdrop's area: a click there is a click outside.
      onClick={(e) => e.target === e.currentTarget && onOpenChange(false)}
      className={cx("m-0 max-h-none max-w-none bg-transparent p-0 text-white", panelClassName)}
    >
      {open && (
        <div className={cx("flex max-h-full flex-col overflow-hidden border border-white/10 bg-neutral-950/95 shadow-2xl shadow-black", className)}>
          <div className="flex items-start gap-4 px-6 pt-6">
            <div className="min-w-0 flex-1">
              <h2 id={titleId} className="text-xl font-black tracking-tight">
                {title}
              </h2>
              {description && (
                <p id={descriptionId} className="mt-1 text-sm text-white/60">
                  {description}
                </p>
              )}
            </div>
            <button
              type="button"
              onClick={() => onOpenChange(false)}
              aria-label="Close"
              className={cx("-mr-2 -mt-1 flex size-9 shrink-0 items-center justify-center rounded-full text-white/70 hover:bg-white/10 hover:text-white", FOCUS_RING)}
            >
              <svg aria-hidden viewBox="0 0 20 20" className="size-4 fill-current">
                <path d="M5.3 5.3a1 1 0 0 1 1.4 0L10 8.6l3.3-3.3a1 1 0 1 1 1.4 1.4L11.4 10l3.3 3.3a1 1 0 0 1-1.4 1.4L10 11.4l-3.3 3.3a1 1 0 0 1-1.4-1.4L8.6 10 5.3 6.7a1 1 0 0 1 0-1.4Z" />
              </svg>
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">{children}</div>
          {footer && <div className="flex flex-wrap justify-end gap-3 border-t border-white/10 px-6 py-4">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}
