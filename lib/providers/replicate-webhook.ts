// Replicate completion webhooks (PROVIDERS.md section 2): Standard Webhooks HMAC signatures keyed
// with REPLICATE_WEBHOOK_SECRET (`whsec_…`), timestamps within five minutes; the body is the
// prediction itself. Pure functions: the route hands in the raw body and headers.
import { Webhook } from "standardwebhooks";
import { stateOfPrediction, type PredictionLike } from "./replicate-prediction";
import type { JobState } from "./types";
import { webhookHeader, type WebhookHeaders } from "./webhook-header";

/** Whether a webhook really comes from Replicate. False when no secret is configured. */
export function verifyReplicateWebhook(
  rawBody: string | Buffer,
  headers: WebhookHeaders,
  options: { secret?: string } = {},
): boolean {
  const secret = options.secret ?? process.env.REPLICATE_WEBHOOK_SECRET?.trim();
  const id = webhookHeader(headers, "webhook-id");
  const timestamp = webhookHeader(headers, "webhook-timestamp");
  const signature = webhookHeader(headers, "webhook-signature");
  if (!secret || !id || !timestamp || !signature) return false;
  try {
    // Checks every `v1,` entry in constant time and rejects timestamps more than 5 minutes off.
    new Webhook(secret).verify(rawBody, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature });
    return true;
  } catch {
    return false;
  }
}

/** The prediction a verified Replicate webhook reports on, and its state; null for a body that is not one. */
export function parseReplicateWebhook(body: unknown): { predictionId: string; state: JobState } | null {
  if (!body || typeof body !== "object") return null;
  const prediction = body as PredictionLike;
  if (typeof prediction.id !== "string" || !prediction.id || typeof prediction.status !== "string") return null;
  return { predictionId: prediction.id, state: stateOfPrediction(prediction) };
}
