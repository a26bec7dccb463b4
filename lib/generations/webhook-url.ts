/** Providers that post completion to us, and the route each posts to. */
const WEBHOOK_ROUTES: Record<string, string> = { fal: "/api/webhooks/fal", replicate: "/api/webhooks/replicate" };

/**
 * Where a provider should post a job's completion, when webhooks are on: PROVIDER_WEBHOOKS=1, or
 * an https APP_URL (a provider cannot reach anything else). PROVIDER_WEBHOOKS=0 turns them off.
 * Replicate's are only asked for when we hold its signing secret, since we could not verify them.
 */
export function webhookUrlFor(providerId: string, env: Record<string, string | undefined> = process.env): string | undefined {
  const route = WEBHOOK_ROUTES[providerId];
  const base = env.APP_URL?.replace(/\/+$/, "");
  if (!route || !base || env.PROVIDER_WEBHOOKS === "0") return undefined;
  if (env.PROVIDER_WEBHOOKS !== "1" && !base.startsWith("https://")) return undefined;
  if (providerId === "replicate" && !env.REPLICATE_WEBHOOK_SECRET) return undefined;
  return `${base}${route}`;
}
