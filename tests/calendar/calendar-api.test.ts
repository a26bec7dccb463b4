import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { waitForFinish } from "../generation/helpers";
import { uniqueEmail } from "../generation/seed";
import { parseIcs, propertyOf, splitTextList, unescapeText, utcDateTime, type IcsComponent } from "./parse-ics";

// The calendar over HTTP on the embedded default (`next start`, demo providers): planned posts are
// the user's alone, every bad input is a 400 that stores nothing, and the .ics reads back.

type Entry = {
  id: string;
  scheduledFor: string;
  channel: string;
  channelName: string;
  title: string;
  notes: string;
  status: "planned" | "published";
  publishedAt: string | null;
  generationId: string | null;
  kitId: string | null;
  generation: { id: string; kind: string; modelName: string; thumbnailUrl: string | null; contentType: string | null } | null;
  kit: { id: string; headline: string } | null;
};

type Work = { client: Client; imageId: string; imageUrl: string; kitId: string; kitHeadline: string; kitGenerationId: string };

let app: App;
let alice: Work;
let bob: Work;

/** A signed-in user with one finished image and one marketing kit (9 of the 15 starter credits). */
async function userWithWork(name: string): Promise<Work> {
  const client = await Client.signIn(app, uniqueEmail(name));
  const image = await client.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: `a lighthouse for ${name}` } });
  expect([200, 202], JSON.stringify(image.body)).toContain(image.status);
  const done = await waitForFinish(client, image.body.generation.id);
  expect(done.status).toBe("succeeded");
  const kit = await client.json("/api/marketing/generate", { method: "POST", json: { brief: `A spring launch for ${name}`, channels: ["instagram", "x"] } });
  expect(kit.status, JSON.stringify(kit.body)).toBe(200);
  return { client, imageId: done.id, imageUrl: done.outputs[0]!.url, kitId: kit.body.kit.id, kitHeadline: kit.body.kit.kit.headline, kitGenerationId: kit.body.kit.generation_id };
}

const plan = (client: Client, json: unknown) => client.json<{ entry: Entry; error?: { code: string; message: string } }>("/api/calendar", { method: "POST", json });
const patch = (client: Client, id: string, json: unknown) => client.json<{ entry: Entry; error?: { code: string } }>(`/api/calendar/${id}`, { method: "PATCH", json });
const list = async (client: Client, from: string, to: string): Promise<Entry[]> => {
  const res = await client.json(`/api/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.entries;
};

beforeAll(async () => {
  app = await startApp();
  [alice, bob] = await Promise.all([userWithWork("cal-alice"), userWithWork("cal-bob")]);
});

afterAll(async () => {
  await app?.stop();
});

describe("the calendar API", () => {
  it("plans a post, lists it by range, moves it, marks it published and deletes it", async () => {
    const { client } = alice;
    const created = await plan(client, { scheduledFor: "2027-03-10T10:00:00+01:00", channel: "instagram", title: "  Spring teaser  ", notes: "Tease the blend." });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const entry = created.body.entry;
    expect(entry).toMatchObject({
      scheduledFor: "2027-03-10T09:00:00.000Z",
      channel: "instagram",
      channelName: "Instagram",
      title: "Spring teaser",
      notes: "Tease the blend.",
      status: "planned",
      publishedAt: null,
      generation: null,
      kit: null,
    });

    // Dates are whole UTC days with `to` included; instants are exact with `to` left out.
    expect((await list(client, "2027-03-10", "2027-03-10")).map((e) => e.id)).toEqual([entry.id]);
    expect(await list(client, "2027-03-11", "2027-03-31")).toEqual([]);
    expect((await list(client, "2027-03-10T09:00:00Z", "2027-03-10T09:00:01Z")).map((e) => e.id)).toEqual([entry.id]);
    expect(await list(client, "2027-03-10T08:00:00Z", "2027-03-10T09:00:00Z")).toEqual([]);
    expect((await list(client, "2027-03-10T10:00:00+01:00", "2027-03-10T11:00:00+01:00")).map((e) => e.id)).toEqual([entry.id]);

    const moved = await patch(client, entry.id, { scheduledFor: "2027-03-14T18:30:00Z" });
    expect(moved.status).toBe(200);
    expect(moved.body.entry).toMatchObject({ id: entry.id, scheduledFor: "2027-03-14T18:30:00.000Z", title: "Spring teaser", status: "planned" });
    expect(await list(client, "2027-03-10", "2027-03-13")).toEqual([]);
    expect((await list(client, "2027-03-14", "2027-03-14")).map((e) => e.scheduledFor)).toEqual(["2027-03-14T18:30:00.000Z"]);

    const published = await patch(client, entry.id, { status: "published" });
    expect(published.body.entry.status).toBe("published");
    expect(Date.now() - Date.parse(published.body.entry.publishedAt!)).toBeLessThan(60_000);
    const edited = await patch(client, entry.id, { title: "Spring is here", channel: "linkedin", notes: "" });
    expect(edited.body.entry).toMatchObject({ title: "Spring is here", channel: "linkedin", notes: "", status: "published", publishedAt: published.body.entry.publishedAt });
    const replanned = await patch(client, entry.id, { status: "planned" });
    expect(replanned.body.entry).toMatchObject({ status: "planned", publishedAt: null });

    const deleted = await client.fetch(`/api/calendar/${entry.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await list(client, "2027-03-01", "2027-03-31")).toEqual([]);
    expect((await client.json(`/api/calendar/${entry.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("shows the attached generation's thumbnail and the kit's headline, and detaches them", async () => {
    const { client } = alice;
    const created = await plan(client, { scheduledFor: "2027-04-02T08:00:00Z", channel: "x", title: "With media", generationId: alice.imageId, kitId: alice.kitId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [listed] = await list(client, "2027-04-02", "2027-04-02");
    for (const entry of [created.body.entry, listed!]) {
      expect(entry.generation).toMatchObject({ id: alice.imageId, kind: "image", modelName: expect.any(String), thumbnailUrl: alice.imageUrl, contentType: expect.stringMatching(/^image\//) });
      expect(entry.kit).toEqual({ id: alice.kitId, headline: alice.kitHeadline });
    }
    // The thumbnail is the durable artifact, readable by its owner.
    const thumb = await client.fetch(listed!.generation!.thumbnailUrl!);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toMatch(/^image\//);

    const detached = await patch(client, listed!.id, { generationId: null, kitId: null });
    expect(detached.body.entry).toMatchObject({ generationId: null, kitId: null, generation: null, kit: null });
  });

  it("answers bad input with a 400 naming the problem, and stores nothing", async () => {
    const { client } = alice;
    const good = { scheduledFor: "2027-05-05T10:00:00Z", channel: "x", title: "Fine" };
    const bad: [string, unknown][] = [
      ["bad channel", { ...good, channel: "myspace" }],
      ["empty title", { ...good, title: "" }],
      ["blank title", { ...good, title: "   " }],
      ["title too long", { ...good, title: "t".repeat(201) }],
      ["title on two lines", { ...good, title: "one\ntwo" }],
      ["notes too long", { ...good, notes: "n".repeat(4001) }],
      ["instant without offset", { ...good, scheduledFor: "2027-05-05T10:00:00" }],
      ["a date, not an instant", { ...good, scheduledFor: "2027-05-05" }],
      ["not a date at all", { ...good, scheduledFor: "next tuesday" }],
      ["impossible date", { ...good, scheduledFor: "2027-02-30T10:00:00Z" }],
      ["year out of range", { ...good, scheduledFor: "2999-01-01T10:00:00Z" }],
      ["bad status", { ...good, status: "scheduled" }],
      ["bad generation id", { ...good, generationId: "not-a-uuid" }],
      ["unknown field", { ...good, colour: "red" }],
      ["missing title", { scheduledFor: good.scheduledFor, channel: "x" }],
    ];
    for (const [what, json] of bad) {
      const res = await plan(client, json);
      expect(res.status, what).toBe(400);
      expect(res.body.error!.code, what).toBe("invalid_request");
      expect(res.body.error!.message.length, what).toBeGreaterThan(5);
    }
    expect((await plan(client, { ...good, channel: "myspace" })).body.error!.message).toContain("instagram");
    const malformed = await client.fetch("/api/calendar", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(await list(client, "2027-05-01", "2027-05-31")).toEqual([]);

    const badRanges: [string, string, RegExp][] = [
      ["from=2027-05-10&to=2027-05-01", "from after to", /from is after to/],
      ["from=2026-01-01&to=2027-12-31", "huge range", /400 days/],
      ["from=2027-02-30&to=2027-03-01", "impossible date", /from is a date/],
      ["from=2027-05-01", "missing to", /to is required/],
      ["from=yesterday&to=today", "words", /from is a date/],
      ["from=2027-05-01T00:00:00&to=2027-05-02T00:00:00", "instants without offset", /ISO 8601/],
    ];
    for (const [query, what, message] of badRanges) {
      for (const route of ["/api/calendar", "/api/calendar/export"]) {
        const res = await client.json(`${route}?${query}`);
        expect(res.status, `${route} ${what}`).toBe(400);
        expect(res.body.error.code).toBe("invalid_request");
        expect(res.body.error.message, what).toMatch(message);
      }
    }

    const entry = (await plan(client, good)).body.entry;
    for (const [what, json] of [
      ["nothing to change", {}],
      ["bad channel", { channel: "myspace" }],
      ["empty title", { title: "" }],
      ["bad instant", { scheduledFor: "2027-05-06 10:00" }],
      ["bad status", { status: "done" }],
      ["unknown field", { id: "00000000-0000-4000-8000-000000000000" }],
    ] as const) {
      const res = await patch(client, entry.id, json);
      expect(res.status, what).toBe(400);
      expect(res.body.error!.code).toBe("invalid_request");
    }
    expect(await list(client, "2027-05-01", "2027-05-31")).toEqual([entry]);
  });

  it("refuses to attach another user's generation or kit, or a text job, and stores nothing", async () => {
    const { client } = alice;
    const base = { scheduledFor: "2027-06-01T10:00:00Z", channel: "x", title: "Borrowed" };
    for (const [what, json] of [
      ["bob's image", { ...base, generationId: bob.imageId }],
      ["bob's kit", { ...base, kitId: bob.kitId }],
      ["alice's own text job", { ...base, generationId: alice.kitGenerationId }],
      ["an id nobody has", { ...base, generationId: "00000000-0000-4000-8000-000000000000" }],
    ] as const) {
      const res = await plan(client, json);
      expect(res.status, what).toBe(404);
      expect(res.body.error!.code, what).toBe("not_found");
    }
    expect(await list(client, "2027-06-01", "2027-06-01")).toEqual([]);

    const entry = (await plan(client, { ...base, generationId: alice.imageId })).body.entry;
    expect((await patch(client, entry.id, { generationId: bob.imageId, title: "Changed" })).status).toBe(404);
    expect((await patch(client, entry.id, { kitId: bob.kitId })).status).toBe(404);
    const [after] = await list(client, "2027-06-01", "2027-06-01");
    expect(after).toMatchObject({ title: "Borrowed", generationId: alice.imageId, kitId: null });
  });

  it("answers another user's entry with the 404 of an unknown id, and changes nothing", async () => {
    const entry = (await plan(alice.client, { scheduledFor: "2027-07-01T10:00:00Z", channel: "tiktok", title: "Alice's" })).body.entry;
    for (const url of [`/api/calendar/${entry.id}`, "/api/calendar/00000000-0000-4000-8000-000000000000", "/api/calendar/not-an-id"]) {
      for (const [method, json] of [["PATCH", { title: "Bob was here" }], ["PATCH", {}], ["DELETE", undefined]] as const) {
        const res = await bob.client.json(url, { method, json });
        expect(res.status, `${method} ${url}`).toBe(404);
        expect(res.body.error.code).toBe("not_found");
      }
    }
    expect(await list(bob.client, "2027-07-01", "2027-07-01")).toEqual([]);
    expect(await list(alice.client, "2027-07-01", "2027-07-01")).toEqual([entry]);
  });

  it("answers a visitor without a session with a 401", async () => {
    const visitor = new Client(app);
    expect((await visitor.json("/api/calendar?from=2027-01-01&to=2027-01-31")).status).toBe(401);
    expect((await visitor.json("/api/calendar", { method: "POST", json: { scheduledFor: "2027-01-01T10:00:00Z", channel: "x", title: "t" } })).status).toBe(401);
    expect((await visitor.fetch("/api/calendar/export?from=2027-01-01&to=2027-01-31")).status).toBe(401);
  });

  it("exports the range as an .ics that parses back with each entry's UID, time and escaped text", async () => {
    const { client } = alice;
    const tricky = {
      scheduledFor: "2027-08-03T09:15:00+02:00",
      channel: "linkedin",
      title: "Launch, day one; the \\ big one",
      notes: `Line one\nLine two, with a comma; and a semicolon\r\n${"Ünïcödé 🎬 界 ".repeat(12)}`,
      generationId: alice.imageId,
      kitId: alice.kitId,
    };
    const a = (await plan(client, tricky)).body.entry;
    const b = (await plan(client, { scheduledFor: "2027-08-20T23:59:00Z", channel: "youtube", title: "Second" })).body.entry;
    expect((await patch(client, b.id, { status: "published" })).status).toBe(200);
    const outside = (await plan(client, { scheduledFor: "2027-09-01T00:00:00Z", channel: "x", title: "Outside" })).body.entry;

    const res = await client.fetch("/api/calendar/export?from=2027-08-01&to=2027-08-31");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="nexora-calendar-2027-08-01\.ics"$/);
    const text = await res.text();
    // No fold split a character's bytes (the notes hold none of U+FFFD themselves).
    expect(text).not.toContain("\uFFFD");
    const calendar = parseIcs(text);
    expect(calendar.type).toBe("VCALENDAR");
    expect(propertyOf(calendar, "VERSION")).toBe("2.0");
    expect(propertyOf(calendar, "PRODID")).toBeTruthy();
    // The long notes really were folded.
    expect(text.split("\r\n").some((line) => line.startsWith(" "))).toBe(true);

    const events = calendar.components.filter((c) => c.type === "VEVENT");
    expect(events.map((e) => propertyOf(e, "UID"))).toEqual([`${a.id}@nexora.studio`, `${b.id}@nexora.studio`]);
    expect(text).not.toContain(outside.id);
    const byUid = (id: string): IcsComponent => events.find((e) => propertyOf(e, "UID") === `${id}@nexora.studio`)!;
    for (const event of events) {
      expect(utcDateTime(propertyOf(event, "DTSTAMP")!).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }

    const first = byUid(a.id);
    expect(utcDateTime(propertyOf(first, "DTSTART")!).toISOString()).toBe("2027-08-03T07:15:00.000Z");
    expect(propertyOf(first, "SUMMARY")).toBe("LinkedIn: Launch\\, day one\\; the \\\\ big one");
    expect(unescapeText(propertyOf(first, "SUMMARY")!)).toBe(`LinkedIn: ${tricky.title}`);
    const description = unescapeText(propertyOf(first, "DESCRIPTION")!);
    expect(description).toContain(tricky.notes.replace(/\r\n/g, "\n"));
    expect(description).toContain(`Kit: ${alice.kitHeadline}`);
    expect(description).toContain(`${app.url}${alice.imageUrl}`);
    expect(splitTextList(propertyOf(first, "CATEGORIES")!)).toEqual(["LinkedIn"]);
    expect(propertyOf(first, "URL")).toBe(`${app.url}/calendar?date=2027-08-03`);
    expect(propertyOf(first, "X-NEXORA-STATUS")).toBe("planned");

    const second = byUid(b.id);
    expect(utcDateTime(propertyOf(second, "DTSTART")!).toISOString()).toBe("2027-08-20T23:59:00.000Z");
    expect(unescapeText(propertyOf(second, "SUMMARY")!)).toBe("YouTube: Second");
    expect(propertyOf(second, "X-NEXORA-STATUS")).toBe("published");

    // Another user's export of the same days has none of it.
    const bobs = parseIcs(await (await bob.client.fetch("/api/calendar/export?from=2027-08-01&to=2027-08-31")).text());
    expect(bobs.components).toEqual([]);
  });
});
