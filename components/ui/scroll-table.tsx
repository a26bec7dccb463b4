import { cx } from "./cx";
import { FOCUS_RING } from "./focus-ring";

type Props = {
  /** Names the table's region, so a keyboard or screen-reader user can find and scroll it. */
  label: string;
  children: React.ReactNode;
  className?: string;
};

/**
 * The frame of every wide table: on a small screen the table scrolls sideways inside it, the
 * page never does. Put a `<table className="w-full">` inside; cells may set `whitespace-nowrap`.
 */
export function ScrollTable({ label, children, className }: Props) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={cx(
        "max-w-full overflow-x-auto rounded-3xl border border-white/10 bg-white/[0.03]",
        "[&_table]:w-full [&_table]:text-sm [&_th]:px-4 [&_th]:py-3 [&_th]:text-left [&_th]:text-xs [&_th]:font-bold [&_th]:uppercase [&_th]:tracking-widest [&_th]:text-white/60",
        "[&_td]:px-4 [&_td]:py-3 [&_tbody_tr]:border-t [&_tbody_tr]:border-white/5",
        FOCUS_RING,
        className,
      )}
    >
      {children}
    </div>
  );
}
