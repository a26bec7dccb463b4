import { cx } from "./cx";
import { CONTROL_CLASS, Field, type FieldProps } from "./field";

export type SelectOption = { value: string; label: React.ReactNode; disabled?: boolean };

type Props = Omit<React.ComponentProps<"select">, "children"> &
  FieldProps & { options: readonly SelectOption[]; fieldClassName?: string };

/**
 * A native `<select>` in the app's look: the browser keeps the keyboard, the screen reader and
 * the phone's own picker; we draw the box and the chevron.
 */
export function Select({ label, hint, error, hideLabel, fieldClassName, className, id, options, ...rest }: Props) {
  return (
    <Field label={label} hint={hint} error={error} hideLabel={hideLabel} className={fieldClassName} id={id}>
      {(ids) => (
        <div className="relative">
          <select {...ids} className={cx(CONTROL_CLASS, "h-11 cursor-pointer appearance-none pr-10 [&>option]:bg-neutral-900", className)} {...rest}>
            {options.map((o) => (
              <option key={o.value} value={o.value} disabled={o.disabled}>
                {o.label}
              </option>
            ))}
          </select>
          <svg aria-hidden viewBox="0 0 20 20" className="pointer-events-none absolute right-3 top-1/2 size-4 -translate-y-1/2 fill-white/60">
            <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
          </svg>
        </div>
      )}
    </Field>
  );
}
