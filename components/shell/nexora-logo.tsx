import Link from "next/link";
import { cx } from "@/components/ui/cx";
import { FOCUS_RING } from "@/components/ui/focus-ring";

/** The wordmark, linking home. */
export function NexoraLogo({ className }: { className?: string }) {
  return (
    <Link href="/" className={cx("inline-flex items-center gap-2 rounded-xl text-lg font-black tracking-tight", FOCUS_RING, className)}>
      <svg aria-hidden viewBox="0 0 32 32" className="size-7 shrink-0">
        <rect width="32" height="32" rx="9" fill="#06b6d4" />
        <path d="M10 22V10h2.6l6.8 8.1V10H22v12h-2.6l-6.8-8.1V22z" fill="#000" />
      </svg>
      <span>
        Nexora<span className="text-cyan-400">.</span>
      </span>
    </Link>
  );
}
