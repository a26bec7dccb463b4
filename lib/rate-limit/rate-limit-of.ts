// The limits of each rate-limited kind of request, as configuration: RATE_LIMIT_<BUCKET> is
// "<requests>/<seconds>" (for example RATE_LIMIT_GENERATION=30/60). The defaults leave room for
// anyone using the product by hand and stop scripts that hammer it.

export type RateLimitBucket = "generation" | "text" | "checkout" | "sign_in";

export type RateLimit = { limit: number; windowSeconds: number };

const DEFAULTS: Record<RateLimitBucket, RateLimit> = {
  generation: { limit: 30, windowSeconds: 60 },
  text: { limit: 30, windowSeconds: 60 },
  checkout: { limit: 10, windowSeconds: 60 },
  sign_in: { limit: 20, windowSeconds: 60 },
};

const SPEC = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

export function rateLimitOf(bucket: RateLimitBucket, env: Record<string, string | undefined> = process.env): RateLimit {
  const configured = env[`RATE_LIMIT_${bucket.toUpperCase()}`];
  const match = configured ? SPEC.exec(configured) : null;
  if (match && Number(match[1]) >= 1 && Number(match[2]) >= 1) return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
  return DEFAULTS[bucket];
}
