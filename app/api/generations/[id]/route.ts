// GET /api/generations/:id: one generation's status; a running job is refreshed from its provider (throttled).
import { getGeneration } from "@/lib/generations/get-generation";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async ({ db, user, params }) => {
  return Response.json({ generation: await getGeneration(db, user.id, params.id) });
});
