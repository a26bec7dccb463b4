import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addMonths, dayKey, isDayKey, localInstant, monthWeeks, moveToDay, startOfWeek, timeOf, weekOf } from "../../lib/calendar/local-dates";

// The page's date arithmetic in a zone with daylight saving, where "add 24 hours" goes wrong.
describe("local calendar dates in Europe/Berlin", () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "Europe/Berlin";
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it("turns a local date and time into the UTC instant, in winter and in summer", () => {
    expect(localInstant("2027-01-15", "10:00")).toBe("2027-01-15T09:00:00.000Z");
    expect(localInstant("2027-07-15", "10:00")).toBe("2027-07-15T08:00:00.000Z");
    expect(timeOf("2027-07-15T08:00:00.000Z")).toBe("10:00");
    expect(dayKey(new Date("2027-07-15T22:30:00Z"))).toBe("2027-07-16");
  });

  it("keeps the local time of day when a post moves across a clock change", () => {
    // 10:00 on Saturday 27 March 2027 (CET) to Sunday 28 March (CEST): 10:00 still.
    expect(moveToDay("2027-03-27T09:00:00.000Z", "2027-03-28")).toBe("2027-03-28T08:00:00.000Z");
    expect(addDays("2027-03-27", 1)).toBe("2027-03-28");
    expect(addDays("2027-03-28", 1)).toBe("2027-03-29");
    expect(addDays("2027-10-31", -1)).toBe("2027-10-30");
  });

  it("lays a month out as whole weeks from Monday", () => {
    // February 2027 starts on a Monday and has four weeks exactly.
    const february = monthWeeks("2027-02-14");
    expect(february.length).toBe(4);
    expect(february[0]![0]).toBe("2027-02-01");
    expect(february.at(-1)![6]).toBe("2027-02-28");
    // December 2026 starts on a Tuesday and ends on a Thursday.
    const december = monthWeeks("2026-12-03");
    expect(december[0]![0]).toBe("2026-11-30");
    expect(december.at(-1)![6]).toBe("2027-01-03");
    expect(december.flat().length % 7).toBe(0);
    expect(weekOf("2026-12-06")).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(startOfWeek("2027-03-29")).toBe("2027-03-29");
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-01");
  });

  it("accepts only real dates", () => {
    expect(isDayKey("2028-02-29")).toBe(true);
    expect(isDayKey("2027-02-29")).toBe(false);
    expect(isDayKey("2027-13-01")).toBe(false);
    expect(isDayKey("27-01-01")).toBe(false);
  });
});
