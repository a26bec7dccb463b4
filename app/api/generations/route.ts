// GET /api/generations: the signed-in user's generations, newest first, `?cursor=` for the next page.
import { listGenerations } from "@/lib/generations/list-generations";
import { ListQuery } from "@/lib/generations/schema";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ req, db, user }) => {
  const query = ListQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listGenerations(db, user.id, query));
});
