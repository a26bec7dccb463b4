import type { Db } from "../types";

export type RateLimitHit = { code: "ok"; remaining: number } | { code: "limited"; retryAfter: number };

/** Takes one request from `key`'s bucket of `limit` per `windowSeconds`; limited says when to retry. */
export async function hitRateLimit(db: Db, input: { key: string; limit: number; windowSeconds: number }): Promise<RateLimitHit> {
  const r = await db.rpc<{ code: string; remaining?: number; retry_after?: number; message?: string }>("hit_rate_limit", {
    p_key: input.key,
    p_limit: input.limit,
    p_window_seconds: input.windowSeconds,
  });
  if (r.code === "ok") return { code: "ok", remaining: Number(r.remaining) };
  if (r.code === "limited") return { code: "limited", retryAfter: Number(r.retry_after) };
  throw new Error(`hit_rate_limit refused its input: ${r.message}`);
}

/** Drops buckets idle for `idleSeconds` (they would be full again anyway). */
export async function pruneRateLimits(db: Db, idleSeconds = 86_400): Promise<number> {
  const r = await db.rpc<{ pruned: number }>("prune_rate_limits", { p_idle_seconds: idleSeconds });
  return Number(r.pruned);
}
