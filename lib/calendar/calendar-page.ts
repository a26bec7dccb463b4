import "server-only";
import { requirePageUser, type PageUser } from "@/lib/auth/page-user";
import { getDb } from "@/lib/db";
import { countCalendarEntries } from "@/lib/db/functions/calendar";

export type CalendarPageData = PageUser & { hasPlanned: boolean };

/** What the calendar page knows before the browser says which days it shows: who, and whether they ever planned a post. */
export async function getCalendarPage(returnTo: string): Promise<CalendarPageData> {
  const pageUser = await requirePageUser(returnTo);
  const planned = await countCalendarEntries(await getDb(), pageUser.user.id);
  return { ...pageUser, hasPlanned: planned > 0 };
}
