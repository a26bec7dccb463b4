// GET /api/admin/users: users by email or id fragment (?q=), with plan, balance and jobs in flight.
import { withAdmin } from "@/lib/admin/with-admin";
import { listUsers } from "@/lib/admin/list-users";
import { UsersQuery } from "@/lib/admin/schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ req, db }) => {
  const { q, limit } = UsersQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ users: await listUsers(db, { query: q, limit }) });
});
