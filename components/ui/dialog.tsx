"use client";

import { ModalFrame, type ModalProps } from "./modal-frame";

/**
 * A centred modal: focus kept inside, Esc and a click outside close it, named by its title.
 *
 *   <Dialog open={open} onOpenChange={setOpen} title="Switch to Pro" footer={<Button>Confirm</Button>}>…</Dialog>
 */
export function Dialog(props: ModalProps) {
  return (
    <ModalFrame
      {...props}
      panelClassName="fixed inset-0 size-full items-center justify-center p-4 open:flex"
      className={`max-h-[calc(100dvh-2rem)] w-full max-w-lg rounded-3xl ${props.className ?? ""}`}
    />
  );
}
