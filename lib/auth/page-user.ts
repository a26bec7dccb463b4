import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getAccountOrThrow, type Account } from "@/lib/credits/account";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { SIGN_IN_PATH } from "./clerk-config";

export type PageUser = { user: CurrentUser; account: Account };

/**
 * For pages and layouts that only show who is signed in, if anyone (the shell, sign-in). It reads
 * no account: the shell renders on every page and would otherwise pay a get_account call each time.
 */
export async function getPageUser(): Promise<CurrentUser | null> {
  return getCurrentUser(await getDb());
}

/** For signed-in pages: the user and their account, or a redirect to sign-in. */
export async function requirePageUser(returnTo: string): Promise<PageUser> {
  const db = await getDb();
  const user = await getCurrentUser(db);
  if (!user) redirect(`${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo)}`);
  return { user, account: await getAccountOrThrow(db, user.id) };
}
