const PATHS = {
  plus: "M12 5v14M5 12h14",
  chats: "M4 5h16v11H9l-5 4zM8 9.5h8M8 12.5h5",
  pencil: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  trash: "M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13",
  copy: "M9 9h11v11H9zM5 15H4V4h11v1",
  regenerate: "M20 11a8 8 0 0 0-14.3-4.9M4 4v4h4M4 13a8 8 0 0 0 14.3 4.9M20 20v-4h-4",
  send: "M5 12h14M13 6l6 6-6 6",
  stop: "M7 7h10v10H7z",
  previous: "M15 5l-7 7 7 7",
  next: "M9 5l7 7-7 7",
  brand: "M4 4h7l9 9-7 7-9-9zM8.5 8.5h.01",
} as const;

export type ChatIconName = keyof typeof PATHS;

/** The line icons of the assistant's buttons; decorative, the button carries the label. */
export function ChatIcon({ name, className = "size-4" }: { name: ChatIconName; className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className={`shrink-0 ${className}`}>
      <path d={PATHS[name]} />
    </svg>
  );
}
