import { getCalendarPage } from "@/lib/calendar/calendar-page";
import { isDayKey } from "@/lib/calendar/local-dates";
import { Calendar, type CalendarViewName } from "./calendar";

export const metadata = { title: "Calendar" };

type Search = { date?: string | string[]; view?: string | string[] };

// The content calendar: posts planned by day with the media and kits they carry, month or week,
// exportable as .ics. `?date=YYYY-MM-DD&view=week` opens a given day's week.
export default async function CalendarPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { hasPlanned } = await getCalendarPage("/calendar");
  const { date, view } = await searchParams;
  const initialDate = typeof date === "string" && isDayKey(date) ? date : null;
  const initialView: CalendarViewName = view === "week" ? "week" : "month";
  return <Calendar initialDate={initialDate} initialView={initialView} hasPlanned={hasPlanned} />;
}
