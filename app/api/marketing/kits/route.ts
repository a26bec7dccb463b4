// GET /api/marketing/kits: the user's marketing kits, newest first.
import { withUser } from "@/lib/auth/with-user";
import { listMarketingKits } from "@/lib/db/functions/text";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ db, user }) => Response.json({ items: await listMarketingKits(db, user.id) }));
