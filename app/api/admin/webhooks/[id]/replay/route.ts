// POST /api/admin/webhooks/:id/replay: re-applies one stored Lemon Squeezy event, recorded in the audit.
import { withAdmin } from "@/lib/admin/with-admin";
import { replayWebhookEvent } from "@/lib/admin/replay-webhook-event";
import { ApiError } from "@/lib/http/api-error";

export const dynamic = "force-dynamic";

export const POST = withAdmin<{ id: string }>(async ({ db, admin, params }) => {
  const id = /^[1-9]\d{0,15}$/.test(params.id) ? Number(params.id) : null;
  if (id === null) throw new ApiError("not_found", "No such webhook event.");
  return Response.json(await replayWebhookEvent(db, admin.id, id));
});
