import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countCalendarEntries,
  createCalendarEntry,
  deleteCalendarEntry,
  getCalendarEntry,
  listCalendarEntries,
  updateCalendarEntry,
} from "../../lib/db/functions/calendar";
import { saveMarketingKit } from "../../lib/db/functions/text";
import { migrate, migrationsDir } from "../../lib/db/migrations";
import { openPglite } from "../../lib/db/pglite";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { SUPABASE_DEFAULTS } from "../support/postgres-database";
import { createUser, reserve } from "../db/money";
import { attemptAsRole } from "../support/attempt-as-role";

const CALENDAR_MIGRATION = "20261203000300_calendar.sql";


type Owned = { userId: string; imageId: string; textId: string; kitId: string };

/** A user with an image job, a text job and a marketing kit of their own. */
async function userWithWork(b: Backend, prefix: string): Promise<Owned> {
  const userId = uniqueUserId(prefix);
  await createUser(b.db, userId, 50);
  const image = await reserve(b.db, userId);
  const text = await reserve(b.db, userId, { kind: "text", model: "marketing-kit", provider: "gemini", prompt: "a brief", price: 4 });
  const kit = await saveMarketingKit(b.db, { userId, brief: "a brief", channels: ["x"], tone: "calm", kit: { headline: "Spring, at last" }, generationId: text.generation!.id });
  return { userId, imageId: image.generation!.id, textId: text.generation!.id, kitId: kit.id };
}

const at = (iso: string) => new Date(iso);

describe.each(backendFactories())("calendar functions on $name", ({ open }) => {
  let b: Backend;
  let alice: Owned;
  let bob: Owned;
  const countOf = async (userId: string) =>
    (await b.sql.query<{ n: number }>("select count(*)::int as n from calendar_entries where user_id = $1", [userId]))[0]!.n;

  beforeAll(async () => {
    b = await open();
    alice = await userWithWork(b, "cal_alice");
    bob = await userWithWork(b, "cal_bob");
  });
  afterAll(async () => {
    await b?.close();
  });

  it("plans, reads, moves, publishes and deletes an entry of the user's own", async () => {
    const created = await createCalendarEntry(b.db, {
      userId: alice.userId, scheduledFor: at("2027-05-10T10:00:00+02:00"), channel: "instagram", title: "Teaser", notes: "line one\nline two",
      generationId: alice.imageId, kitId: alice.kitId,
    });
    expect(created.code).toBe("ok");
    if (created.code !== "ok") return;
    const { entry } = created;
    expect(entry).toMatchObject({ channel: "instagram", title: "Teaser", status: "planned", published_at: null, generation_id: alice.imageId, kit_id: alice.kitId });
    expect(new Date(entry.scheduled_for).toISOString()).toBe("2027-05-10T08:00:00.000Z");
    expect(entry.generation).toMatchObject({ id: alice.imageId, kind: "image", model: "flux-schnell" });
    expect(entry.kit).toMatchObject({ id: alice.kitId, headline: "Spring, at last" });
    expect(entry).not.toHaveProperty("user_id");

    const moved = await updateCalendarEntry(b.db, { userId: alice.userId, id: entry.id, scheduledFor: at("2027-05-12T08:00:00Z"), status: "published" });
    expect(moved.code).toBe("ok");
    if (moved.code !== "ok") return;
    expect(new Date(moved.entry.scheduled_for).toISOString()).toBe("2027-05-12T08:00:00.000Z");
    expect(moved.entry).toMatchObject({ status: "published", title: "Teaser", notes: "line one\nline two", generation_id: alice.imageId });
    expect(moved.entry.published_at).not.toBeNull();

    // Published again keeps its first publication time; planned again clears it; null detaches.
    const again = await updateCalendarEntry(b.db, { userId: alice.userId, id: entry.id, status: "published" });
    expect(again.code === "ok" && again.entry.published_at).toBe(moved.entry.published_at);
    const planned = await updateCalendarEntry(b.db, { userId: alice.userId, id: entry.id, status: "planned", generationId: null });
    expect(planned.code === "ok" && planned.entry).toMatchObject({ status: "planned", published_at: null, generation_id: null, generation: null, kit_id: alice.kitId });

    const range = await listCalendarEntries(b.db, { userId: alice.userId, from: at("2027-05-12T08:00:00Z"), to: at("2027-05-12T08:00:01Z") });
    expect(range.code === "ok" && range.items.map((e) => e.id)).toEqual([entry.id]);
    const before = await listCalendarEntries(b.db, { userId: alice.userId, from: at("2027-05-01T00:00:00Z"), to: at("2027-05-12T08:00:00Z") });
    expect(before.code === "ok" && before.items).toEqual([]);

    const count = await countCalendarEntries(b.db, alice.userId);
    expect(count).toBeGreaterThan(0);
    expect(await deleteCalendarEntry(b.db, alice.userId, entry.id)).toBe(true);
    expect(await countCalendarEntries(b.db, alice.userId)).toBe(count - 1);
    expect(await getCalendarEntry(b.db, alice.userId, entry.id)).toBeNull();
    expect(await deleteCalendarEntry(b.db, alice.userId, entry.id)).toBe(false);
  });

  it("never reads, changes or deletes another user's entry", async () => {
    const created = await createCalendarEntry(b.db, { userId: alice.userId, scheduledFor: at("2027-06-01T09:00:00Z"), channel: "x", title: "Mine", notes: "" });
    if (created.code !== "ok") throw new Error(created.code);
    const id = created.entry.id;
    expect(await getCalendarEntry(b.db, bob.userId, id)).toBeNull();
    expect(await countCalendarEntries(b.db, bob.userId)).toBe(0);
    expect(await updateCalendarEntry(b.db, { userId: bob.userId, id, title: "Stolen", status: "published" })).toEqual({ code: "not_found" });
    expect(await deleteCalendarEntry(b.db, bob.userId, id)).toBe(false);
    const bobs = await listCalendarEntries(b.db, { userId: bob.userId, from: at("2027-01-01T00:00:00Z"), to: at("2027-12-31T00:00:00Z") });
    expect(bobs.code === "ok" && bobs.items).toEqual([]);
    expect(await getCalendarEntry(b.db, alice.userId, id)).toMatchObject({ title: "Mine", status: "planned" });
  });

  it("refuses to attach another user's generation or kit, or a text job, and stores nothing", async () => {
    const before = await countOf(alice.userId);
    const base = { userId: alice.userId, scheduledFor: at("2027-07-01T09:00:00Z"), channel: "x", title: "Attach", notes: "" };
    expect(await createCalendarEntry(b.db, { ...base, generationId: bob.imageId })).toEqual({ code: "generation_not_found" });
    expect(await createCalendarEntry(b.db, { ...base, kitId: bob.kitId })).toEqual({ code: "kit_not_found" });
    expect(await createCalendarEntry(b.db, { ...base, generationId: alice.textId })).toEqual({ code: "generation_not_found" });
    expect(await countOf(alice.userId)).toBe(before);

    const created = await createCalendarEntry(b.db, { ...base, generationId: alice.imageId });
    if (created.code !== "ok") throw new Error(created.code);
    expect(await updateCalendarEntry(b.db, { userId: alice.userId, id: created.entry.id, generationId: bob.imageId, title: "Changed" })).toEqual({ code: "generation_not_found" });
    expect(await updateCalendarEntry(b.db, { userId: alice.userId, id: created.entry.id, kitId: bob.kitId })).toEqual({ code: "kit_not_found" });
    expect(await getCalendarEntry(b.db, alice.userId, created.entry.id)).toMatchObject({ title: "Attach", generation_id: alice.imageId, kit_id: null });
  });

  it("holds the rules for any writer: ownership of attachments, title, notes and status", async () => {
    const insert = (extra: string, values: unknown[]) =>
      attemptAsRole(b.sql, null, `insert into calendar_entries (user_id, scheduled_for, channel, title, notes${extra ? `, ${extra}` : ""}) values ($1, now(), 'x', $2, $3${values.length ? `, ${values.map((_, i) => `$${i + 4}`).join(", ")}` : ""})`, [alice.userId, "Title", "", ...values]);
    expect(await insert("generation_id", [bob.imageId])).toBe("23503");
    expect(await insert("kit_id", [bob.kitId])).toBe("23503");
    expect(await insert("status", ["published"])).toBe("23514");
    expect(await insert("status", ["scheduled"])).toBe("23514");
    expect(await attemptAsRole(b.sql, null, "insert into calendar_entries (user_id, scheduled_for, channel, title) values ($1, now(), 'x', '   ')", [alice.userId])).toBe("23514");
    expect(await attemptAsRole(b.sql, null, "insert into calendar_entries (user_id, scheduled_for, channel, title) values ($1, now(), 'x', $2)", [alice.userId, "t".repeat(201)])).toBe("23514");
    expect(await attemptAsRole(b.sql, null, "insert into calendar_entries (user_id, scheduled_for, channel, title, notes) values ($1, now(), 'x', 't', $2)", [alice.userId, "n".repeat(4001)])).toBe("23514");
    expect(await insert("generation_id, kit_id", [alice.imageId, alice.kitId])).toBe("allowed");
  });

  it("refuses an empty, backwards or overlong range", async () => {
    const list = (from: string, to: string) => listCalendarEntries(b.db, { userId: alice.userId, from: at(from), to: at(to) });
    expect(await list("2027-02-01T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual({ code: "invalid_range" });
    expect(await list("2026-01-01T00:00:00Z", "2027-02-05T00:00:01Z")).toEqual({ code: "range_too_long" });
    expect((await list("2026-01-01T00:00:00Z", "2027-02-05T00:00:00Z")).code).toBe("ok");
  });
});

describe.each(backendFactories().filter((f) => f.name !== "supabase-js"))("calendar privileges on $name", ({ open }) => {
  let b: Backend;
  let userId: string;
  beforeAll(async () => {
    b = await open();
    userId = uniqueUserId("cal_priv");
    await createUser(b.db, userId, 15);
  });
  afterAll(async () => {
    await b?.close();
  });

  for (const role of ["anon", "authenticated"]) {
    it(`refuses the calendar to the ${role} role`, async () => {
      expect(await attemptAsRole(b.sql, role, "select create_calendar_entry($1, now(), 'x', 'intruder', '')", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "select list_calendar_entries($1, now() - interval '1 day', now())", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "select delete_calendar_entry($1, gen_random_uuid())", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "select count_calendar_entries($1)", [userId])).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "select * from calendar_entries")).toBe("42501");
      expect(await attemptAsRole(b.sql, role, "insert into calendar_entries (user_id, scheduled_for, channel, title) values ($1, now(), 'x', 't')", [userId])).toBe("42501");
    });
  }
});

describe("the calendar migration", () => {
  it("keeps the entries that were there, under the new column names and within the new limits", async () => {
    const before = mkdtempSync(path.join(tmpdir(), "nexora-cal-migrations-"));
    for (const file of readdirSync(migrationsDir()).filter((f) => f.endsWith(".sql") && f < CALENDAR_MIGRATION)) {
      cpSync(path.join(migrationsDir(), file), path.join(before, file));
    }
    const db = await openPglite();
    try {
      await db.exec(SUPABASE_DEFAULTS);
      await migrate(db, before);
      await db.query("insert into users (id) values ('legacy')");
      const longTitle = `${"Long title ".repeat(25)}end`;
      await db.query(
        `insert into calendar_entries (id, user_id, scheduled_for, platform, title, body) values
           ('00000000-0000-4000-8000-000000000001', 'legacy', '2026-11-20T09:00:00Z', 'instagram', 'Kept as it was', 'old notes'),
           ('00000000-0000-4000-8000-000000000002', 'legacy', '2026-11-21T09:00:00Z', 'newsletter', $1, 'more'),
           ('00000000-0000-4000-8000-000000000003', 'legacy', '2026-11-22T09:00:00Z', 'x', '  ', '')`,
        [longTitle],
      );
      expect((await migrate(db))[0]).toBe("20261203000300");
      const rows = await db.query<Record<string, unknown>>("select id, channel, title, notes, status, published_at, kit_id from calendar_entries order by id");
      expect(rows).toEqual([
        { id: "00000000-0000-4000-8000-000000000001", channel: "instagram", title: "Kept as it was", notes: "old notes", status: "planned", published_at: null, kit_id: null },
        { id: "00000000-0000-4000-8000-000000000002", channel: "newsletter", title: longTitle.slice(0, 200), notes: `${longTitle}\n\nmore`, status: "planned", published_at: null, kit_id: null },
        { id: "00000000-0000-4000-8000-000000000003", channel: "x", title: "Untitled post", notes: "", status: "planned", published_at: null, kit_id: null },
      ]);
      // The old rows go on working with the new functions.
      const moved = await updateCalendarEntry(db, { userId: "legacy", id: "00000000-0000-4000-8000-000000000002", scheduledFor: at("2026-11-25T09:00:00Z") });
      expect(moved.code).toBe("ok");
    } finally {
      await db.close();
    }
  });
});
