// POST /api/lemon/checkout: a checkout URL for { plan }, linked to the signed-in user; for a plan
// switch, the quote, and with { confirm: true } the switch.
import { appOrigin } from "@/lib/http/app-origin";
import { CheckoutRequest } from "@/lib/billing/schema";
import { startCheckout } from "@/lib/billing/start-checkout";
import { readJson } from "@/lib/http/read-json";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const { plan, confirm } = CheckoutRequest.parse(await readJson(req));
  return Response.json(await startCheckout(db, user, plan, appOrigin(req), { confirm }));
}, { rateLimit: "checkout" });
