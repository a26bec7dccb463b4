import { cx } from "./cx";

type Props = React.ComponentProps<"div"> & {
  /** `media` drops the padding so an image or video fills the card edge to edge. */
  variant?: "default" | "media";
  /** Lifts the card and rings it cyan: the selected model, the current plan. */
  selected?: boolean;
};

/** A surface on black: white/5, a hairline border, big radius. */
export function Card({ variant = "default", selected = false, className, ...rest }: Props) {
  return (
    <div
      className={cx(
        "min-w-0 rounded-3xl border bg-white/5",
        selected ? "border-cyan-500/70 bg-cyan-500/10 shadow-glow" : "border-white/10",
        variant === "media" ? "overflow-hidden" : "p-6",
        className,
      )}
      {...rest}
    />
  );
}

export function CardTitle({ className, ...rest }: React.ComponentProps<"h2">) {
  return <h2 className={cx("text-xl font-black tracking-tight", className)} {...rest} />;
}

export function CardDescription({ className, ...rest }: React.ComponentProps<"p">) {
  return <p className={cx("mt-1 text-sm text-white/60", className)} {...rest} />;
}
