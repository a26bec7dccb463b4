// PATCH|DELETE /api/calendar/:id: move, edit or publish one planned post; delete it.
import { withUser } from "@/lib/auth/with-user";
import { deleteEntry, readEntry, updateEntry } from "@/lib/calendar/calendar-entries";
import { EntryPatch } from "@/lib/calendar/schema";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const PATCH = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  // Someone else's entry is a 404 whatever the body says.
  await readEntry(db, user.id, params.id);
  const patch = EntryPatch.parse(await readJson(req));
  return Response.json({ entry: await updateEntry(db, user.id, params.id, patch) });
});

export const DELETE = withUser<{ id: string }>(async ({ db, user, params }) => {
  await deleteEntry(db, user.id, params.id);
  return new Response(null, { status: 204 });
});
