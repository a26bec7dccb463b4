// GET /api/assistant/threads: the user's assistant threads, most recent first.
import { withUser } from "@/lib/auth/with-user";
import { listChatThreads } from "@/lib/db/functions/text";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ db, user }) => Response.json({ items: await listChatThreads(db, user.id) }));
