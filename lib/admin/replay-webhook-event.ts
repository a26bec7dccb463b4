import "server-only";
import type { Db } from "@/lib/db/types";
import { adminRecord } from "@/lib/db/functions/admin";
import { listWebhookEvents } from "@/lib/db/functions/billing";
import { replayWebhookEvents } from "@/lib/billing/webhooks/replay-webhook-events";
import { LEMON_API_SOURCE } from "@/lib/billing/webhooks/apply-subscription-snapshot";
import { LEMON_SOURCE } from "@/lib/billing/webhooks/receive-lemon-webhook";
import { customUserId, LemonWebhook } from "@/lib/billing/lemon/lemon-payload";
import { ApiError } from "@/lib/http/api-error";

export type ReplayedEvent = { id: number; eventName: string; before: string; code: string; error?: string; userId: string | null };

/** The user a stored event is about, as far as it says: what it was applied to, or its checkout's custom data. */
function userOf(payload: unknown, applied: string | null | undefined): string | null {
  if (applied) return applied;
  const parsed = LemonWebhook.safeParse(payload);
  return parsed.success ? customUserId(parsed.data) : null;
}

/** Re-applies one stored Lemon Squeezy event through the replay command's path, and records who did it. */
export async function replayWebhookEvent(db: Db, adminId: string, eventId: number): Promise<ReplayedEvent> {
  const stored = (
    await Promise.all([LEMON_SOURCE, LEMON_API_SOURCE].map((source) => listWebhookEvents(db, { source, ids: [eventId], limit: 1 })))
  ).flat()[0];
  if (!stored) throw new ApiError("not_found", "No such webhook event.");

  const [replayed] = await replayWebhookEvents(db, { ids: [eventId] });
  if (!replayed) throw new ApiError("not_found", "No such webhook event.");
  const { result } = replayed;
  const outcome: ReplayedEvent = {
    id: replayed.id,
    eventName: replayed.event_name,
    before: replayed.before,
    code: result.code,
    ...(result.code === "failed" ? { error: result.error } : {}),
    userId: userOf(stored.payload, "user_id" in result ? result.user_id : null),
  };
  const recorded = await adminRecord(db, {
    adminId,
    action: "replay_webhook",
    targetUserId: outcome.userId,
    details: { event_id: outcome.id, event_name: outcome.eventName, before: outcome.before, result: outcome.code, error: outcome.error },
  });
  if (recorded.code !== "ok") throw new Error(`the replay of event ${outcome.id} was not recorded: ${recorded.message}`);
  return outcome;
}
