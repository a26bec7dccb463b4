// GET /api/calendar/export: the user's planned posts in a range (?from&to) as an .ics file.
import { withUser } from "@/lib/auth/with-user";
import { listEntries } from "@/lib/calendar/calendar-entries";
import { entriesIcs } from "@/lib/calendar/entries-ics";
import { CalendarRange } from "@/lib/calendar/schema";
import { appOrigin } from "@/lib/http/app-origin";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ req, db, user }) => {
  const range = CalendarRange.parse(Object.fromEntries(new URL(req.url).searchParams));
  const ics = entriesIcs(await listEntries(db, user.id, range), appOrigin(req));
  return new Response(ics, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="nexora-calendar-${range.from.toISOString().slice(0, 10)}.ics"`,
      "cache-control": "private, no-store",
    },
  });
});
