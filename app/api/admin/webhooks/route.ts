// GET /api/admin/webhooks: Lemon Squeezy events that failed to apply (or never finished), newest first.
import { withAdmin } from "@/lib/admin/with-admin";
import { adminFailedWebhookEvents } from "@/lib/db/functions/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ db }) => {
  return Response.json({ events: await adminFailedWebhookEvents(db, 100) });
});
