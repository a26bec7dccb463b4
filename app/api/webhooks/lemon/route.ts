// POST /api/webhooks/lemon: Lemon Squeezy webhooks, verified on the raw body, stored, then applied.
import { receiveLemonWebhook } from "@/lib/billing/webhooks/receive-lemon-webhook";
import { readText } from "@/lib/http/read-json";
import { withRoute } from "@/lib/http/with-route";

export const dynamic = "force-dynamic";

// Lemon Squeezy events are a few kilobytes; anything near this is not one of them.
const MAX_BODY_BYTES = 256 * 1024;

export const POST = withRoute(async ({ req, db }) => {
  const body = await readText(req, MAX_BODY_BYTES);
  const receipt = await receiveLemonWebhook(db, body, req.headers.get("x-signature"));
  return Response.json({ received: true, ...receipt });
});
