import { cx } from "./cx";
import { CONTROL_CLASS, Field, type FieldProps } from "./field";

type Props = Omit<React.ComponentProps<"textarea">, "children"> & FieldProps & { fieldClassName?: string };

/** A labelled multi-line input that grows with its rows and keeps its width. */
export function Textarea({ label, hint, error, hideLabel, fieldClassName, className, id, rows = 4, ...rest }: Props) {
  return (
    <Field label={label} hint={hint} error={error} hideLabel={hideLabel} className={fieldClassName} id={id}>
      {(ids) => <textarea {...ids} rows={rows} className={cx(CONTROL_CLASS, "resize-y py-3 leading-relaxed", className)} {...rest} />}
    </Field>
  );
}
