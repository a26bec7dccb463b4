// GET /api/generations: the signed-in user's generations, newest first, `?cursor=` for the next page;
// filtered by kind, model, status, dates, text in the prompt and favourites (lib/history/schema.ts).
import { withUser } from "@/lib/auth/with-user";
import { listHistory } from "@/lib/history/list-history";
import { readHistoryQuery } from "@/lib/history/schema";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ req, db, user }) => {
  const query = readHistoryQuery(new URL(req.url).searchParams);
  return Response.json(await listHistory(db, user.id, query));
});
