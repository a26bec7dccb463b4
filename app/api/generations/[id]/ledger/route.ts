// GET /api/generations/:id/ledger: the credits one of the user's generations moved (its charge, a refund and why).
import { withUser } from "@/lib/auth/with-user";
import { getLedger } from "@/lib/history/get-ledger";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async ({ db, user, params }) => Response.json(await getLedger(db, user.id, params.id)));
