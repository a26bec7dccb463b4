import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatUtc, writeIcs } from "../../lib/calendar/ics";
import { parseIcs, propertyOf, unescapeText, utcDateTime } from "./parse-ics";

const octets = (s: string) => new TextEncoder().encode(s).length;

describe("the iCalendar writer", () => {
  it("escapes backslashes, semicolons, commas and every kind of line break", () => {
    expect(escapeText("a\\b; c, d\r\ne\rf\ng")).toBe("a\\\\b\\; c\\, d\\ne\\nf\\ng");
    expect(escapeText("bell\u0007 and nul\u0000 go, tab\tstays")).toBe("bell and nul go\\, tab\tstays");
  });

  it("folds at 75 octets without splitting a character", () => {
    const line = `DESCRIPTION:${"é🎬界x".repeat(40)}`;
    const folded = foldLine(line).split("\r\n");
    expect(folded.length).toBeGreaterThan(1);
    for (const physical of folded) expect(octets(physical)).toBeLessThanOrEqual(75);
    for (const physical of folded.slice(1)) expect(physical.startsWith(" ")).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(line);
    // Nothing to fold: the line comes back as it was.
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
    expect(foldLine("X".repeat(75))).toBe("X".repeat(75));
    expect(foldLine("X".repeat(76))).toBe(`${"X".repeat(75)}\r\n X`);
  });

  it("writes instants as UTC DATE-TIMEs", () => {
    expect(formatUtc(new Date("2026-12-04T10:00:00+01:00"))).toBe("20261204T090000Z");
    expect(formatUtc(new Date("2026-12-04T09:00:59.999Z"))).toBe("20261204T090059Z");
  });

  it("reads back whatever text it is given, through escaping and folding", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 120 }), (description, summary) => {
        const ics = writeIcs({ name: "Test", stamp: new Date("2026-12-03T12:00:00Z"), events: [{ uid: "a@b", start: new Date("2026-12-04T09:00:00Z"), durationMinutes: 15, summary, description: description || undefined }] });
        const event = parseIcs(ics).components[0]!;
        const clean = (s: string) => s.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
        expect(unescapeText(propertyOf(event, "SUMMARY")!)).toBe(clean(summary));
        if (description) expect(unescapeText(propertyOf(event, "DESCRIPTION") ?? "")).toBe(clean(description));
        expect(utcDateTime(propertyOf(event, "DTSTART")!).toISOString()).toBe("2026-12-04T09:00:00.000Z");
      }),
      { numRuns: 300 },
    );
  });
});
