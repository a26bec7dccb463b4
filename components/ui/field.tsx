import { useId } from "react";
import { cx } from "./cx";

export type FieldProps = {
  /** The visible label; every control has one. */
  label: React.ReactNode;
  /** A line under the control, read out with it. */
  hint?: React.ReactNode;
  /** What is wrong with the value; marks the control invalid. */
  error?: React.ReactNode;
  /** Keeps the label for screen readers only, where the context already says it. */
  hideLabel?: boolean;
  className?: string;
};

type ControlIds = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };

/** A label over a control, with its hint and error wired to it by id. */
export function Field({
  label,
  hint,
  error,
  hideLabel = false,
  className,
  id,
  children,
}: FieldProps & { id?: string; children: (ids: ControlIds) => React.ReactNode }) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("min-w-0", className)}>
      <label htmlFor={controlId} className={hideLabel ? "sr-only" : "mb-1.5 block text-sm font-semibold text-white/80"}>
        {label}
      </label>
      {children({ id: controlId, "aria-describedby": describedBy, ...(error ? { "aria-invalid": true as const } : {}) })}
      {hint && (
        <p id={hintId} className="mt-1.5 text-xs text-white/60">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1.5 text-xs font-semibold text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** The look shared by inputs, selects and text areas. */
export const CONTROL_CLASS = cx(
  "w-full rounded-xl border border-white/10 bg-white/5 px-3.5 text-sm text-white transition",
  "placeholder:text-white/40 hover:border-white/20",
  "outline-none focus-visible:border-cyan-400 focus-visible:ring-2 focus-visible:ring-cyan-400/60",
  "aria-invalid:border-red-400/70 disabled:cursor-not-allowed disabled:opacity-50",
);
