import { cx } from "./cx";
import { CONTROL_CLASS, Field, type FieldProps } from "./field";

type Props = Omit<React.ComponentProps<"input">, "children"> & FieldProps & { fieldClassName?: string };

/** A labelled text input: `<Input label="Email" type="email" name="email" />`. */
export function Input({ label, hint, error, hideLabel, fieldClassName, className, id, ...rest }: Props) {
  return (
    <Field label={label} hint={hint} error={error} hideLabel={hideLabel} className={fieldClassName} id={id}>
      {(ids) => <input {...ids} className={cx(CONTROL_CLASS, "h-11", className)} {...rest} />}
    </Field>
  );
}
