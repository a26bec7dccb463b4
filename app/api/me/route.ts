// GET /api/me: the signed-in user's id, email, plan and balance.
import { getAccountOrThrow } from "@/lib/credits/account";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ db, user }) => {
  const account = await getAccountOrThrow(db, user.id);
  return Response.json({ id: user.id, email: account.user.email, plan: account.plan, balance: account.balance });
});
