// An iCalendar (RFC 5545) writer for what the calendar exports: CRLF line ends, content lines
// folded at 75 octets without splitting a character, TEXT values escaped, instants in UTC.

export type IcsEvent = {
  uid: string;
  start: Date;
  durationMinutes: number;
  summary: string;
  description?: string;
  categories?: string[];
  url?: string;
  created?: Date;
  lastModified?: Date;
  /** Extra properties, written as given: name (an X- name) and an already-escaped value. */
  extra?: [string, string][];
};

const CRLF = "\r\n";
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** An instant as a UTC DATE-TIME: 20261204T090000Z. */
export function formatUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** A TEXT value: backslash, semicolon and comma escaped, every line break as \n, other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n");
}

/** One content line folded into physical lines of at most 75 octets, each continuation led by a space. */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

function eventLines(event: IcsEvent, stamp: Date): string[] {
  return [
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtc(stamp)}`,
    `DTSTART:${formatUtc(event.start)}`,
    `DURATION:PT${Math.max(0, Math.round(event.durationMinutes))}M`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.categories?.length ? [`CATEGORIES:${event.categories.map(escapeText).join(",")}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    ...(event.created ? [`CREATED:${formatUtc(event.created)}`] : []),
    ...(event.lastModified ? [`LAST-MODIFIED:${formatUtc(event.lastModified)}`] : []),
    ...(event.extra ?? []).map(([name, value]) => `${name}:${value}`),
    "END:VEVENT",
  ];
}

/** A whole VCALENDAR object; `stamp` is when it was written (each event's DTSTAMP). */
export function writeIcs(calendar: { name: string; events: IcsEvent[]; stamp?: Date }): string {
  const stamp = calendar.stamp ?? new Date();
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Nexora Studio//Content calendar//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
