import { cx } from "./cx";

type Props = {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** An icon or a small illustration, decorative. */
  icon?: React.ReactNode;
  /** The one thing to do next: a button or a link. */
  action?: React.ReactNode;
  className?: string;
};

/** What a list or a page shows before it has anything: what goes here, and how to start. */
export function EmptyState({ title, description, icon, action, className }: Props) {
  return (
    <div className={cx("flex flex-col items-center rounded-3xl border border-dashed border-white/15 bg-white/[0.03] px-6 py-12 text-center", className)}>
      {icon && (
        <div aria-hidden className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-cyan-500/10 text-cyan-300">
          {icon}
        </div>
      )}
      <p className="text-lg font-black tracking-tight">{title}</p>
      {description && <p className="mt-1 max-w-md text-sm text-white/60">{description}</p>}
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
