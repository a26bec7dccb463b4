// GET /api/reports: the user's production reports, newest first.
import { withUser } from "@/lib/auth/with-user";
import { listReports } from "@/lib/db/functions/text";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ db, user }) => Response.json({ items: await listReports(db, user.id) }));
