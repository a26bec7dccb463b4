// POST /api/admin/users/:id/credits: adjusts a user's balance by { delta, reason }, on the ledger and in the audit.
import { withAdmin } from "@/lib/admin/with-admin";
import { adjustUserCredits } from "@/lib/admin/adjust-user-credits";
import { AdjustCreditsRequest } from "@/lib/admin/schema";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const POST = withAdmin<{ id: string }>(async ({ req, db, admin, params }) => {
  const input = AdjustCreditsRequest.parse(await readJson(req));
  return Response.json(await adjustUserCredits(db, admin.id, params.id, input));
});
