import { cx } from "./cx";
import { FOCUS_RING } from "./focus-ring";
import { Spinner } from "./spinner";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg" | "icon";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-cyan-500 text-black shadow-glow hover:bg-cyan-400 hover:shadow-glow-lg",
  secondary: "border border-white/15 bg-white/5 text-white hover:border-white/25 hover:bg-white/10",
  ghost: "text-white/70 hover:bg-white/5 hover:text-white",
  danger: "border border-red-500/40 bg-red-500/10 text-red-200 hover:bg-red-500/20 hover:text-red-100",
};

const SIZES: Record<ButtonSize, string> = {
  sm: "h-8 gap-1.5 px-3 text-xs",
  md: "h-10 gap-2 px-5 text-sm",
  lg: "h-12 gap-2 px-7 text-base",
  icon: "size-10 shrink-0",
};

/**
 * The classes of a button, for the rare element that must look like one without being a
 * `<button>` (a link: `<Link className={buttonClass({ variant: "secondary" })}>`).
 */
export function buttonClass({ variant = "primary", size = "md", className }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return cx(
    "inline-flex select-none items-center justify-center whitespace-nowrap rounded-full font-bold transition",
    "disabled:pointer-events-none disabled:opacity-40 aria-disabled:pointer-events-none aria-disabled:opacity-40",
    FOCUS_RING,
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

type Props = React.ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner, keeps the label for screen readers and refuses clicks. */
  loading?: boolean;
};

export function Button({ variant, size, loading = false, className, disabled, children, type = "button", ...rest }: Props) {
  return (
    <button
      type={type}
      className={buttonClass({ variant, size, className })}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading && <Spinner />}
      {children}
    </button>
  );
}
