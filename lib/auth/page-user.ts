import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getAccountOrThrow, type Account } from "@/lib/credits/account";
import { getCurrentUser, type CurrentUser } from "./current-user";

export type PageUser = { user: CurrentUser; account: Account };

/** For signed-in pages: the user and their account, or a redirect to sign-in. */
export async function requirePageUser(returnTo: string): Promise<PageUser> {
  const db = await getDb();
  const user = await getCurrentUser(db);
  if (!user) redirect(`/sign-in?redirect_url=${encodeURIComponent(returnTo)}`);
  return { user, account: await getAccountOrThrow(db, user.id) };
}
