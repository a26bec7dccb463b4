// POST /api/webhooks/replicate: Replicate's prediction webhook, verified with REPLICATE_WEBHOOK_SECRET, finishing the job it names.
import { applyProviderWebhook } from "@/lib/generations/apply-provider-webhook";
import { ApiError } from "@/lib/http/api-error";
import { parseJsonText } from "@/lib/http/parse-json-text";
import { readText } from "@/lib/http/read-json";
import { withRoute } from "@/lib/http/with-route";
import { parseReplicateWebhook, verifyReplicateWebhook } from "@/lib/providers/replicate-webhook";

export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ req, db }) => {
  const raw = await readText(req, 4 * 1024 * 1024);
  if (!verifyReplicateWebhook(raw, req.headers)) throw new ApiError("unauthenticated", "The webhook signature is not valid.");
  const event = parseReplicateWebhook(parseJsonText(raw));
  if (!event) throw new ApiError("invalid_request", "The body is not a Replicate prediction.");
  return Response.json(await applyProviderWebhook(db, "replicate", event.predictionId, event.state));
});
