// Counts and dates as the pages print them, in the en-US forms they always used, without Intl.
// Chromium sets ICU up at a page's first Intl call (15-30 ms on this machine's cores, several
// times that on a phone), and on a signed-in page that call came from the header's balance,
// inside hydration, where it lengthened the task that blocks the page. Every figure here equals
// what `toLocaleString("en-US", …)` prints (tests/unit/format.test.ts compares them).

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const two = (n: number) => String(n).padStart(2, "0");
const meridiem = (d: Date) => (d.getHours() < 12 ? " AM" : " PM");

/** 12,345 and -1,200: a whole number with thousands separated, as `toLocaleString("en-US")` does. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${digits}` : digits;
}

/** "Dec 6, 2026", in the browser's time zone. */
export function formatDate(value: string | Date): string {
  const d = new Date(value);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
}

/** "Dec 6, 2026" in UTC, for dates the server and every viewer must print alike. */
export function formatUtcDate(value: string | Date): string {
  const d = new Date(value);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "Dec 6" or "Dec 6, 2026" for a calendar day written 2026-12-06, whatever the time zone. */
export function formatDayKey(day: string, { year = false }: { year?: boolean } = {}): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${MONTHS[m - 1]} ${d}${year ? `, ${y}` : ""}`;
}

/** "Dec 6, 2026, 02:05:09 PM": a moment to the second, in the browser's time zone. */
export function formatDateTime(value: string | Date): string {
  const d = new Date(value);
  return `${formatDate(d)}, ${two(d.getHours() % 12 || 12)}:${two(d.getMinutes())}:${two(d.getSeconds())}${meridiem(d)}`;
}

/** "Dec 6, 2:05 PM", or "Dec 6, 2026, 2:05 PM" with the year, in the browser's time zone. */
export function formatDayTime(value: string | Date, { year = false }: { year?: boolean } = {}): string {
  const d = new Date(value);
  const day = year ? formatDate(d) : `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  return `${day}, ${d.getHours() % 12 || 12}:${two(d.getMinutes())}${meridiem(d)}`;
}
