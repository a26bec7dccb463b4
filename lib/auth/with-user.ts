import "server-only";
import { getDb, type Db } from "@/lib/db";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import type { RateLimitBucket } from "@/lib/rate-limit/rate-limit-of";
import { ApiError } from "@/lib/http/api-error";
import { handleRequest } from "@/lib/http/handle-request";

export type UserRouteContext<P> = { req: Request; db: Db; user: CurrentUser; params: P };

type NextContext<P> = { params: Promise<P> };

/**
 * Wraps a signed-in route: 401 without a valid session, SPEC error bodies for anything thrown,
 * the request's id and user on its log lines.
 * `rateLimit` counts each call against the user's bucket before the handler runs.
 */
export function withUser<P = Record<string, string>>(
  handler: (ctx: UserRouteContext<P>) => Promise<Response>,
  options: { rateLimit?: RateLimitBucket } = {},
) {
  return (req: Request, context: NextContext<P>): Promise<Response> =>
    handleRequest(req, async (request) => {
      const db = await getDb();
      const user = await getCurrentUser(db);
      if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
      request.userId = user.id;
      if (options.rateLimit) await enforceRateLimit(db, options.rateLimit, user.id);
      const params = await (context?.params ?? Promise.resolve({} as P));
      return handler({ req, db, user, params });
    });
}
