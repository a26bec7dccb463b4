// GET /api/lemon/portal: the customer portal URL of the user's subscription (?redirect=1 goes there).
import { appOrigin } from "@/lib/http/app-origin";
import { getPortalUrl } from "@/lib/billing/portal-url";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ req, db, user }) => {
  const { url } = await getPortalUrl(db, user.id, appOrigin(req));
  if (new URL(req.url).searchParams.get("redirect") === "1") return Response.redirect(url, 303);
  return Response.json({ url });
});
