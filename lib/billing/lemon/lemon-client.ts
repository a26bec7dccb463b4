import "server-only";
import {
  createCheckout,
  getSubscription,
  lemonSqueezySetup,
  updateSubscription,
} from "@lemonsqueezy/lemonsqueezy.js";
import { ApiError } from "@/lib/http/api-error";
import { lemonApiKey, lemonBaseUrl } from "../config";
import { errorFields, logger } from "@/lib/log/logger";

const LEMON_HOST = "https://api.lemonsqueezy.com";
const INSTALLED = Symbol.for("nexora.lemonsqueezy.fetch");

/**
 * The SDK calls the fixed host through the global fetch and has no base URL option. This wraps
 * fetch once: requests to that host go to LEMON_SQUEEZY_BASE_URL when it is set (read per call),
 * and every other request passes through untouched.
 */
function routeLemonFetch() {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  const previous = g.fetch;
  const routed = (input: RequestInfo | URL, init?: RequestInit) => {
    const base = lemonBaseUrl();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (base && url.startsWith(`${LEMON_HOST}/`)) {
      // The SDK's paths start with /v1; a base that already ends in /v1 must not double it.
      const root = base.replace(/\/+$/, "").replace(/\/v1$/, "");
      return previous(root + url.slice(LEMON_HOST.length), init);
    }
    return previous(input, init);
  };
  g.fetch = Object.assign(routed, previous) as typeof fetch;
  g[INSTALLED] = true;
}

let configuredKey: string | undefined;

/** The Lemon Squeezy SDK, set up with the API key; 503 when billing is not configured. */
export function lemonSqueezy() {
  const apiKey = lemonApiKey();
  if (!apiKey) throw new ApiError("service_unavailable", "Lemon Squeezy is not configured.");
  routeLemonFetch();
  if (configuredKey !== apiKey) {
    lemonSqueezySetup({ apiKey, onError: () => {} });
    configuredKey = apiKey;
  }
  return { createCheckout, getSubscription, updateSubscription };
}

type SdkResult<T> = { statusCode: number | null; data: T | null; error: Error | null };

/** The SDK's `{ data, error }` as a value or a logged 502 that says nothing of the upstream body. */
export function lemonDataOrThrow<T>(result: SdkResult<T>, what: string): T {
  if (result.error || !result.data) {
    logger.error({ call: what, status: result.statusCode ?? null, ...errorFields(result.error?.cause ?? result.error) }, "Lemon Squeezy call failed");
    throw new ApiError("provider_failed", `Lemon Squeezy could not ${what}. Try again in a moment.`, undefined, {
      cause: result.error,
    });
  }
  return result.data;
}
