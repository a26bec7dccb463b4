// Calendar arithmetic in the viewer's own time zone, for the calendar page: days are named by
// their local date (YYYY-MM-DD), weeks start on Monday, and a local date with a time becomes the
// UTC instant the API stores. Built on the Date constructor, which keeps local midnight across
// daylight-saving changes where adding 24 hours would not.

export type DayKey = string;

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, "0");

export function isDayKey(value: string): value is DayKey {
  const match = DAY_KEY.exec(value);
  if (!match) return false;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dayKey(date) === value;
}

/** The local date of an instant. */
export function dayKey(date: Date): DayKey {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a day. */
export function dateOf(key: DayKey): Date {
  const [, y, m, d] = DAY_KEY.exec(key) ?? [];
  return new Date(Number(y), Number(m) - 1, Number(d));
}

export function addDays(key: DayKey, days: number): DayKey {
  const date = dateOf(key);
  return dayKey(new Date(date.getFullYear(), date.getMonth(), date.getDate() + days));
}

export function addMonths(key: DayKey, months: number): DayKey {
  const date = dateOf(key);
  return dayKey(new Date(date.getFullYear(), date.getMonth() + months, 1));
}

/** The Monday on or before the day. */
export function startOfWeek(key: DayKey): DayKey {
  const weekday = (dateOf(key).getDay() + 6) % 7;
  return addDays(key, -weekday);
}

export function startOfMonth(key: DayKey): DayKey {
  return `${key.slice(0, 7)}-01`;
}

/** The seven days of the day's week, Monday first. */
export function weekOf(key: DayKey): DayKey[] {
  const monday = startOfWeek(key);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The month around the day as whole weeks, Monday to Sunday (four to six of them). */
export function monthWeeks(key: DayKey): DayKey[][] {
  const first = startOfMonth(key);
  const next = addMonths(first, 1);
  const weeks: DayKey[][] = [];
  for (let monday = startOfWeek(first); monday < next; monday = addDays(monday, 7)) weeks.push(weekOf(monday));
  return weeks;
}

/** The UTC instant of a local date and time (HH:MM), as the API takes it. */
export function localInstant(key: DayKey, time: string): string {
  const [, hh, mm] = TIME.exec(time) ?? [, "00", "00"];
  const date = dateOf(key);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate(), Number(hh), Number(mm)).toISOString();
}

/** The local time of an instant, HH:MM. */
export function timeOf(instant: string | Date): string {
  const date = new Date(instant);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The same local time of day on another day. */
export function moveToDay(instant: string, key: DayKey): string {
  return localInstant(key, timeOf(instant));
}
