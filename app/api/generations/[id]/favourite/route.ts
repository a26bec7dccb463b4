// PUT|DELETE /api/generations/:id/favourite: mark or unmark one of the user's generations as a favourite.
import { withUser } from "@/lib/auth/with-user";
import { setFavourite } from "@/lib/history/set-favourite";

export const dynamic = "force-dynamic";

export const PUT = withUser<{ id: string }>(async ({ db, user, params }) => Response.json(await setFavourite(db, user.id, params.id, true)));

export const DELETE = withUser<{ id: string }>(async ({ db, user, params }) => Response.json(await setFavourite(db, user.id, params.id, false)));
