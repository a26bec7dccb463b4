// GET /api/marketing/kits/:id: one of the user's marketing kits.
import { withUser } from "@/lib/auth/with-user";
import { getMarketingKit } from "@/lib/db/functions/text";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async ({ db, user, params }) => {
  const kit = isUuid(params.id) ? await getMarketingKit(db, user.id, params.id) : null;
  if (!kit) throw new ApiError("not_found", "No such kit.");
  return Response.json({ kit });
});
