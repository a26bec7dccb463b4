import type { CalendarEntryView } from "./entry-view";
import { writeIcs, type IcsEvent } from "./ics";

/** How long a post's event lasts in a calendar app: long enough to be seen, it marks a moment. */
const POST_MINUTES = 15;

/** The user's entries as an iCalendar file; links point at `origin` (APP_URL). */
export function entriesIcs(entries: CalendarEntryView[], origin: string, stamp = new Date()): string {
  const events: IcsEvent[] = entries.map((entry) => {
    const day = entry.scheduledFor.slice(0, 10);
    const description = [
      entry.notes,
      entry.kit?.headline && `Kit: ${entry.kit.headline}`,
      entry.generation?.thumbnailUrl && `Media (${entry.generation.modelName}): ${origin}${entry.generation.thumbnailUrl}`,
      entry.status === "published" && entry.publishedAt ? `Published ${entry.publishedAt}` : "Planned",
    ].filter(Boolean);
    return {
      uid: `${entry.id}@nexora.studio`,
      start: new Date(entry.scheduledFor),
      durationMinutes: POST_MINUTES,
      summary: `${entry.channelName}: ${entry.title}`,
      description: description.join("\n\n"),
      categories: [entry.channelName],
      url: `${origin}/calendar?date=${day}`,
      created: new Date(entry.createdAt),
      lastModified: new Date(entry.updatedAt),
      extra: [["X-NEXORA-STATUS", entry.status]],
    };
  });
  return writeIcs({ name: "Nexora posts", events, stamp });
}
