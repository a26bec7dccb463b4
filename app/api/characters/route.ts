// GET /api/characters: the user's saved Director characters, newest first.
import { withUser } from "@/lib/auth/with-user";
import { readCharacters } from "@/lib/director/characters";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ db, user }) => Response.json({ characters: await readCharacters(db, user.id) }));
