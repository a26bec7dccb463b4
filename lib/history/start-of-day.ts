// Where a calendar day begins in a time zone, so a date filter means the user's own day.

function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the day `date` (YYYY-MM-DD) starts in `timeZone`, `days` later: midnight there, or
 * the first moment of the day where a clock change skips midnight.
 */
export function startOfDay(date: string, timeZone: string, days = 0): Date {
  const [y, m, d] = date.split("-").map(Number);
  const midnight = Date.UTC(y, m - 1, d + days);
  const guess = midnight - offsetAt(midnight, timeZone);
  // Across a change of offset the guess lands an hour off; the offset at the guess is the right one.
  const offset = offsetAt(guess, timeZone);
  const exact = midnight - offset;
  return new Date(offsetAt(exact, timeZone) === offset ? exact : guess);
}
