// POST /api/webhooks/fal: fal's completion webhook, Ed25519-verified against fal's JWKS, finishing the job it names.
import { applyProviderWebhook } from "@/lib/generations/apply-provider-webhook";
import { ApiError } from "@/lib/http/api-error";
import { parseJsonText } from "@/lib/http/parse-json-text";
import { readText } from "@/lib/http/read-json";
import { withRoute } from "@/lib/http/with-route";
import { parseFalWebhook, verifyFalWebhook } from "@/lib/providers/fal-webhook";

export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ req, db }) => {
  const raw = await readText(req, 4 * 1024 * 1024);
  if (!(await verifyFalWebhook(raw, req.headers))) throw new ApiError("unauthenticated", "The webhook signature is not valid.");
  const event = parseFalWebhook(parseJsonText(raw));
  if (!event) throw new ApiError("invalid_request", "The body is not a fal completion.");
  // The signature covers the header's request id; the job to finish must be that one.
  if (event.requestId !== req.headers.get("x-fal-webhook-request-id")) {
    throw new ApiError("unauthenticated", "The webhook's request id does not match its body.");
  }
  return Response.json(await applyProviderWebhook(db, "fal", event.requestId, event.state));
});
