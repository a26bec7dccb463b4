// GET|PATCH /api/characters/:id: one saved character; rename it.
import { withUser } from "@/lib/auth/with-user";
import { CharacterRename, readCharacter, renameSavedCharacter } from "@/lib/director/characters";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async ({ db, user, params }) => Response.json({ character: await readCharacter(db, user.id, params.id) }));

export const PATCH = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  // Someone else's character is a 404 whatever the body says.
  await readCharacter(db, user.id, params.id);
  const { name } = CharacterRename.parse(await readJson(req));
  return Response.json({ character: await renameSavedCharacter(db, user.id, params.id, name) });
});
