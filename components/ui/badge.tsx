import { cx } from "./cx";

export type BadgeTone = "neutral" | "primary" | "success" | "warning" | "danger";

const TONES: Record<BadgeTone, string> = {
  neutral: "border-white/15 bg-white/5 text-white/80",
  primary: "border-cyan-500/40 bg-cyan-500/10 text-cyan-200",
  success: "border-emerald-400/40 bg-emerald-400/10 text-emerald-200",
  warning: "border-amber-300/40 bg-amber-300/10 text-amber-200",
  danger: "border-red-400/40 bg-red-400/10 text-red-200",
};

/** A short status or label: "Pro", "Refunded", "Running". */
export function Badge({ tone = "neutral", className, ...rest }: React.ComponentProps<"span"> & { tone?: BadgeTone }) {
  return (
    <span
      className={cx("inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-bold", TONES[tone], className)}
      {...rest}
    />
  );
}
