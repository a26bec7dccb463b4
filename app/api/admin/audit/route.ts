// GET /api/admin/audit: the latest admin actions (adjustments, replays), newest first.
import { withAdmin } from "@/lib/admin/with-admin";
import { adminListAudit } from "@/lib/db/functions/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ db }) => {
  return Response.json({ entries: await adminListAudit(db, 100) });
});
