// GET|POST /api/calendar: the user's planned posts in a range (?from&to); plan a new post.
import { withUser } from "@/lib/auth/with-user";
import { createEntry, listEntries } from "@/lib/calendar/calendar-entries";
import { CalendarRange, EntryCreate } from "@/lib/calendar/schema";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ req, db, user }) => {
  const range = CalendarRange.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ entries: await listEntries(db, user.id, range) });
});

export const POST = withUser(async ({ req, db, user }) => {
  const input = EntryCreate.parse(await readJson(req));
  return Response.json({ entry: await createEntry(db, user.id, input) }, { status: 201 });
});
