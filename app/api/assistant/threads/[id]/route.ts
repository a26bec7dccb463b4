// GET|PATCH|DELETE /api/assistant/threads/:id: one thread with its messages; rename it; delete it.
import { withUser } from "@/lib/auth/with-user";
import { readJson } from "@/lib/http/read-json";
import { deleteThread, readThread, renameThread, ThreadRename } from "@/lib/text/threads";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async ({ db, user, params }) => Response.json(await readThread(db, user.id, params.id)));

export const PATCH = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  // Someone else's thread is a 404 whatever the body says.
  await readThread(db, user.id, params.id);
  const { title } = ThreadRename.parse(await readJson(req));
  return Response.json({ thread: await renameThread(db, user.id, params.id, title) });
});

export const DELETE = withUser<{ id: string }>(async ({ db, user, params }) => {
  await deleteThread(db, user.id, params.id);
  return new Response(null, { status: 204 });
});
