import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatDateTime, formatDayKey, formatDayTime, formatUtcDate } from "@/components/ui/format";

// The pages' own formatting must print exactly what Intl's en-US forms printed before it.
const moments = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-12-31T23:59:59Z"), noInvalidDate: true });

describe("page formatting without Intl", () => {
  it("prints counts as toLocaleString('en-US') does", () => {
    for (const n of [0, 1, -1, 999, 1000, -1000, 12345, 1_000_000, -987_654_321, Number.MAX_SAFE_INTEGER]) {
      expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
    }
    fc.assert(fc.property(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), (n) => formatCount(n) === n.toLocaleString("en-US")));
  });

  it("hands what is not a whole number to Intl", () => {
    expect(formatCount(1234.5)).toBe((1234.5).toLocaleString("en-US"));
  });

  it("prints dates as the en-US short month form", () => {
    fc.assert(
      fc.property(moments, (d) => formatDate(d.toISOString()) === d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" })),
    );
  });

  it("prints date and time to the second as the en-US form", () => {
    fc.assert(
      fc.property(
        moments,
        (d) => formatDateTime(d.toISOString()) === d.toLocaleString("en-US", { month: "short", day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }),
      ),
    );
    // Midnight and noon are where a 12-hour clock goes wrong.
    for (const hour of [0, 11, 12, 23]) {
      const d = new Date(2026, 11, 6, hour, 5, 9);
      expect(formatDateTime(d)).toBe(d.toLocaleString("en-US", { month: "short", day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }));
      expect(formatDayTime(d)).toBe(d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }));
    }
  });

  it("prints day and time, with or without the year, as the en-US forms", () => {
    fc.assert(fc.property(moments, (d) => formatDayTime(d) === d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })));
    fc.assert(fc.property(moments, (d) => formatDayTime(d, { year: true }) === d.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })));
  });

  it("prints a calendar day as the en-US form does in UTC", () => {
    fc.assert(
      fc.property(moments, fc.boolean(), (d, year) => {
        const key = d.toISOString().slice(0, 10);
        const intl = new Date(`${key}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", ...(year ? { year: "numeric" } : {}), timeZone: "UTC" });
        return formatDayKey(key, { year }) === intl;
      }),
    );
  });

  it("prints a UTC date as the en-US form does in UTC", () => {
    fc.assert(
      fc.property(moments, (d) => formatUtcDate(d.toISOString()) === d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" })),
    );
  });
});
