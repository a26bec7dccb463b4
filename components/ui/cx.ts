/** Joins class names, skipping the false, null and undefined of conditional ones. */
export function cx(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
