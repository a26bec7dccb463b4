import "server-only";
import { getDb, type Db } from "@/lib/db";
import { handleRequest } from "./handle-request";

export type RouteContext<P> = { req: Request; db: Db; params: P };

type NextContext<P> = { params: Promise<P> };

/** Wraps a public route (health, webhooks, cron): database at hand, errors as SPEC bodies. */
export function withRoute<P = Record<string, string>>(
  handler: (ctx: RouteContext<P>) => Promise<Response>,
) {
  return (req: Request, context: NextContext<P>): Promise<Response> =>
    handleRequest(req, async () => {
      const [db, params] = await Promise.all([getDb(), context?.params ?? Promise.resolve({} as P)]);
      return handler({ req, db, params });
    });
}
