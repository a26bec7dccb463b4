// POST /api/generations/:id/cancel: cancel one of the user's jobs its provider has not started; refunded once.
import { withUser } from "@/lib/auth/with-user";
import { cancelGeneration } from "@/lib/generations/cancel-generation";

export const dynamic = "force-dynamic";

export const POST = withUser<{ id: string }>(async ({ db, user, params }) => Response.json(await cancelGeneration(db, user.id, params.id)));
