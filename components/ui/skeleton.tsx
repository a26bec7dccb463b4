import { cx } from "./cx";

/** A placeholder block while content loads; size it with classes (`h-40 w-full`). */
export function Skeleton({ className, ...rest }: React.ComponentProps<"div">) {
  return <div aria-hidden className={cx("animate-pulse rounded-2xl bg-white/10 motion-reduce:animate-none", className)} {...rest} />;
}
