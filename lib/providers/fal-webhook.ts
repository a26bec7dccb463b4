// fal completion webhooks (PROVIDERS.md section 1): an Ed25519 signature over
// `request_id \n user_id \n timestamp \n hex(sha256(body))`, checked against every key of fal's
// JWKS, and the body (`status: OK|ERROR`, `payload`, `payload_error`) read as a job state.
// Pure functions: the route hands in the raw body and headers.
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { falFailureOf } from "./fal-failure";
import { stateOfFalOutput } from "./fal-output";
import type { JobState } from "./types";
import { webhookHeader, type WebhookHeaders } from "./webhook-header";

export const DEFAULT_FAL_JWKS_URL = "https://rest.fal.ai/.well-known/jwks.json";
const MAX_SKEW_SECONDS = 300;
const JWKS_TTL_MS = 24 * 60 * 60 * 1000;
/** A signature no cached key accepts may mean fal rotated its keys; refetch, but not on every forgery. */
const REFETCH_AFTER_MS = 60 * 1000;

/** After a failed fetch, forged or genuine posts wait this long before the server calls out again. */
const FAILED_FETCH_BACKOFF_MS = 30 * 1000;

type JwksEntry = { keys?: KeyObject[]; fetchedAt: number; failedAt?: number; pending?: Promise<KeyObject[]> };

const jwksCache = new Map<string, JwksEntry>();

async function fetchJwks(url: string): Promise<KeyObject[]> {
  const response = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`fal JWKS at ${url} answered HTTP ${response.status}`);
  const { keys } = (await response.json()) as { keys?: Array<{ kty?: unknown; crv?: unknown; x?: unknown }> };
  return (keys ?? [])
    .filter((k) => k.kty === "OKP" && k.crv === "Ed25519" && typeof k.x === "string")
    .map((k) => createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: k.x as string }, format: "jwk" }));
}

/**
 * fal's keys, fetched at most once at a time (concurrent verifications share the fetch in
 * flight) and cached for a day; `refresh` refetches keys older than a minute, for a rotation. A
 * failed fetch is remembered for a while, so a flood of posts cannot make the server call out
 * once per request: the last good keys serve meanwhile, or, with none, verification throws.
 */
function jwksOf(url: string, refresh: boolean): Promise<KeyObject[]> {
  const entry = jwksCache.get(url);
  const now = Date.now();
  if (entry?.pending) return entry.pending;
  if (entry?.failedAt !== undefined && now - entry.failedAt < FAILED_FETCH_BACKOFF_MS) {
    return entry.keys ? Promise.resolve(entry.keys) : Promise.reject(new Error(`fal JWKS at ${url} failed moments ago; not fetched again yet`));
  }
  const age = entry?.keys ? now - entry.fetchedAt : Infinity;
  if (entry?.keys && age < JWKS_TTL_MS && !(refresh && age > REFETCH_AFTER_MS)) return Promise.resolve(entry.keys);
  const pending = fetchJwks(url).then(
    (keys) => {
      jwksCache.set(url, { keys, fetchedAt: Date.now() });
      return keys;
    },
    (error: unknown) => {
      jwksCache.set(url, { keys: entry?.keys, fetchedAt: entry?.fetchedAt ?? 0, failedAt: Date.now() });
      throw error;
    },
  );
  jwksCache.set(url, { keys: entry?.keys, fetchedAt: entry?.fetchedAt ?? 0, pending });
  return pending;
}

export type VerifyFalWebhookOptions = {
  /** Defaults to FAL_WEBHOOK_JWKS_URL, then fal's published JWKS. */
  jwksUrl?: string;
  /** Unix seconds; for tests. */
  now?: number;
};

/**
 * Whether a webhook really comes from fal: all four headers present, a timestamp within five
 * minutes, and a signature one of the JWKS keys accepts. Throws only when the JWKS cannot be
 * fetched, so the route can answer 5xx and fal retries.
 */
export async function verifyFalWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  options: VerifyFalWebhookOptions = {},
): Promise<boolean> {
  const requestId = webhookHeader(headers, "x-fal-webhook-request-id");
  const userId = webhookHeader(headers, "x-fal-webhook-user-id");
  const timestamp = webhookHeader(headers, "x-fal-webhook-timestamp");
  const signature = webhookHeader(headers, "x-fal-webhook-signature");
  if (!requestId || !userId || !timestamp || !signature) return false;
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_SECONDS) return false;

  const digest = createHash("sha256").update(rawBody).digest("hex");
  const message = Buffer.from(`${requestId}\n${userId}\n${timestamp}\n${digest}`, "utf8");
  const signatureBytes = Buffer.from(signature, "hex");
  const url = options.jwksUrl || process.env.FAL_WEBHOOK_JWKS_URL?.trim() || DEFAULT_FAL_JWKS_URL;
  const accepts = (keys: KeyObject[]) => keys.some((key) => verify(null, message, key, signatureBytes));
  return accepts(await jwksOf(url, false)) || accepts(await jwksOf(url, true));
}

/** The job a verified fal webhook reports on, and its state; null for a body that is not one. */
export function parseFalWebhook(body: unknown): { requestId: string; state: JobState } | null {
  if (!body || typeof body !== "object") return null;
  const { request_id: requestId, status, payload, payload_error: payloadError, error } = body as Record<string, unknown>;
  if (typeof requestId !== "string" || !requestId) return null;
  if (status === "OK") {
    if (payload == null && payloadError !== undefined) {
      return { requestId, state: { status: "failed", providerJobId: requestId, failure: { kind: "malformed", message: `fal could not read the model output: ${String(payloadError)}` } } };
    }
    return { requestId, state: stateOfFalOutput(requestId, payload) };
  }
  if (status === "ERROR") {
    const statusCode = Number(/\b(\d{3})\b/.exec(String(error ?? ""))?.[1]) || undefined;
    const failure = falFailureOf(statusCode, payload);
    return { requestId, state: { status: "failed", providerJobId: requestId, failure } };
  }
  return null;
}
