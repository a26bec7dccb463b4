"use client";

import { useEffect, useRef } from "react";

type Props = { open: boolean; title: string; onClose: () => void; children: React.ReactNode; testId?: string };

/** A modal on the platform's <dialog>: focus stays inside, Escape closes, the page behind is inert. */
export function Modal({ open, title, onClose, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${testId ?? "modal"}-title`}
      data-testid={testId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(40rem,calc(100vw-1.5rem))] overflow-y-auto rounded-3xl border border-white/10 bg-neutral-950/95 p-0 text-white shadow-2xl shadow-cyan-500/10 backdrop:bg-black/70 backdrop:backdrop-blur-sm"
    >
      {open && (
        <div className="p-5 sm:p-6">
          <h2 id={`${testId ?? "modal"}-title`} className="text-xl font-black tracking-tight">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
