import { findModel, MARKETING_CHANNELS } from "@/lib/catalog";
import type { CalendarEntryRow } from "@/lib/db/functions/calendar";
import { artifactUrl } from "@/lib/generations/generation-view";

/**
 * A planned post as the API shows it: instants in UTC (`Z`), the attached generation with a
 * durable thumbnail URL, the attached kit with its headline.
 */
export function toEntryView(row: CalendarEntryRow) {
  const output = row.generation?.output ?? null;
  return {
    id: row.id,
    scheduledFor: new Date(row.scheduled_for).toISOString(),
    channel: row.channel,
    channelName: MARKETING_CHANNELS[row.channel as keyof typeof MARKETING_CHANNELS]?.name ?? row.channel,
    title: row.title,
    notes: row.notes,
    status: row.status,
    publishedAt: row.published_at && new Date(row.published_at).toISOString(),
    generationId: row.generation_id,
    kitId: row.kit_id,
    generation: row.generation && {
      id: row.generation.id,
      kind: row.generation.kind,
      modelName: findModel(row.generation.model)?.name ?? row.generation.model,
      status: row.generation.status,
      thumbnailUrl: output ? artifactUrl(output.key) : null,
      contentType: output?.contentType ?? null,
    },
    kit: row.kit && { id: row.kit.id, headline: row.kit.headline ?? "" },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export type CalendarEntryView = ReturnType<typeof toEntryView>;
