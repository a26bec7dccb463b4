// POST /api/lemon/local-checkout: "pay" for { plan }, or { action } in the local portal (embedded default only).
import { appOrigin } from "@/lib/http/app-origin";
import { changeLocalSubscription, completeLocalCheckout } from "@/lib/billing/local/local-checkout";
import { LocalCheckoutRequest } from "@/lib/billing/schema";
import { readJson } from "@/lib/http/read-json";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const input = LocalCheckoutRequest.parse(await readJson(req));
  const account =
    "plan" in input
      ? await completeLocalCheckout(db, user, input.plan, appOrigin(req))
      : await changeLocalSubscription(db, user, input.action, appOrigin(req));
  return Response.json({ plan: account.plan, balance: account.balance });
});
