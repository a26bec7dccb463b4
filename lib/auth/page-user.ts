import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getAccountOrThrow, type Account } from "@/lib/credits/account";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { SIGN_IN_PATH } from "./clerk-config";

export type PageUser = { user: CurrentUser; account: Account };

/** For pages and layouts that show a signed-in user when there is one (the shell, sign-in). */
export async function getPageUser(): Promise<PageUser | null> {
  const db = await getDb();
  const user = await getCurrentUser(db);
  if (!user) return null;
  return { user, account: await getAccountOrThrow(db, user.id) };
}

/** For signed-in pages: the user and their account, or a redirect to sign-in. */
export async function requirePageUser(returnTo: string): Promise<PageUser> {
  const pageUser = await getPageUser();
  if (!pageUser) redirect(`${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo)}`);
  return pageUser;
}
