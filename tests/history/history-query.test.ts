import { describe, expect, it } from "vitest";
import { readHistoryQuery } from "../../lib/history/schema";
import { startOfDay } from "../../lib/history/start-of-day";

const read = (query: string) => readHistoryQuery(new URLSearchParams(query));
const messageOf = (query: string) => {
  try {
    read(query);
  } catch (error) {
    const e = error as { issues?: { message: string }[]; message: string };
    return e.issues?.[0]?.message ?? e.message;
  }
  return null;
};

describe("a date filter means the user's own day", () => {
  it("starts a day at midnight where the user is", () => {
    expect(startOfDay("2026-03-20", "UTC").toISOString()).toBe("2026-03-20T00:00:00.000Z");
    expect(startOfDay("2026-03-20", "Europe/Berlin").toISOString()).toBe("2026-03-19T23:00:00.000Z");
    expect(startOfDay("2026-07-01", "America/Los_Angeles").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(startOfDay("2026-03-20", "Asia/Kolkata").toISOString()).toBe("2026-03-19T18:30:00.000Z");
    expect(startOfDay("2026-12-31", "UTC", 1).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("follows the clock across a change of offset", () => {
    // Berlin moves to summer time on 2026-03-29 and back on 2026-10-25.
    expect(startOfDay("2026-03-29", "Europe/Berlin", 1).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfDay("2026-10-25", "Europe/Berlin").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDay("2026-10-25", "Europe/Berlin", 1).toISOString()).toBe("2026-10-25T23:00:00.000Z");
    // Auckland, 13 hours ahead, leaves summer time on 2026-04-05.
    expect(startOfDay("2026-04-05", "Pacific/Auckland").toISOString()).toBe("2026-04-04T11:00:00.000Z");
    expect(startOfDay("2026-04-06", "Pacific/Auckland").toISOString()).toBe("2026-04-05T12:00:00.000Z");
  });
});

describe("the history query", () => {
  it("takes every filter together", () => {
    expect(read("limit=5&kind=video&model=kling-3.0&status=failed&from=2026-02-01&to=2026-02-28&tz=Europe/Berlin&q=%20waves%20&favourites=true")).toEqual({
      limit: 5,
      kind: "video",
      model: "kling-3.0",
      status: "failed",
      from: "2026-02-01",
      to: "2026-02-28",
      tz: "Europe/Berlin",
      q: "waves",
      favourites: true,
    });
    expect(read("")).toEqual({ limit: 20, tz: "UTC" });
    // A retired model's past work can still be found.
    expect(read("model=dall-e-3").model).toBe("dall-e-3");
    expect(read("kind=all&favourites=0")).toMatchObject({ kind: "all", favourites: false });
  });

  it("refuses what it does not understand, saying what it takes", () => {
    expect(messageOf("limit=0")).toMatch(/limit is a whole number from 1 to 100/);
    expect(messageOf("limit=abc")).toMatch(/limit/);
    expect(messageOf("limit=101")).toMatch(/limit/);
    expect(messageOf("kind=audio")).toMatch(/kind is one of image, video, director, chat, text/);
    expect(messageOf("status=done")).toMatch(/status is one of/);
    expect(messageOf("model=nope")).toMatch(/model is the id of a model/);
    expect(messageOf("kind=image&model=kling-3.0")).toMatch(/kling-3.0 makes video, not image/);
    expect(messageOf("from=2026-02-30")).toMatch(/from is a date written YYYY-MM-DD/);
    expect(messageOf("to=03/01/2026")).toMatch(/to is a date/);
    expect(messageOf("from=2026-03-02&to=2026-03-01")).toMatch(/on or after from/);
    expect(messageOf("tz=Mars/Olympus")).toMatch(/IANA time zone/);
    expect(messageOf(`q=${"x".repeat(201)}`)).toMatch(/at most 200 characters/);
    expect(messageOf("favourites=maybe")).toMatch(/favourites is true or false/);
    expect(messageOf("stauts=failed")).toMatch(/Unknown query parameter "stauts"/);
    expect(messageOf("kind=image&kind=video")).toMatch(/"kind" is given more than once/);
  });
});
