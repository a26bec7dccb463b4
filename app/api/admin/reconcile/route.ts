// GET /api/admin/reconcile: the last reconciliation with Lemon Squeezy: what it checked, found drifted and corrected.
import { withAdmin } from "@/lib/admin/with-admin";
import { adminLastReconcile } from "@/lib/db/functions/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ db }) => {
  return Response.json({ run: await adminLastReconcile(db) });
});
