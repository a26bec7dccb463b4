import "server-only";
import { getDb, type Db } from "@/lib/db";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { ApiError } from "@/lib/http/api-error";
import { handleRequest } from "@/lib/http/handle-request";
import { isAdmin } from "./is-admin";

export type AdminRouteContext<P> = { req: Request; db: Db; admin: CurrentUser; params: P };

type NextContext<P> = { params: Promise<P> };

/**
 * Wraps an admin route. Anyone signed out or not in ADMIN_USERS gets the same 404 an unknown
 * id would, so the console does not show that it exists; admins reach the handler, with their
 * id on the request's log lines.
 */
export function withAdmin<P = Record<string, string>>(handler: (ctx: AdminRouteContext<P>) => Promise<Response>) {
  return (req: Request, context: NextContext<P>): Promise<Response> =>
    handleRequest(req, async (request) => {
      const db = await getDb();
      const user = await getCurrentUser(db);
      if (!user || !isAdmin(user)) throw new ApiError("not_found", "Not found.");
      request.userId = user.id;
      const params = await (context?.params ?? Promise.resolve({} as P));
      return handler({ req, db, admin: user, params });
    });
}
