import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getAccountOrThrow, type Account } from "@/lib/credits/account";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { SIGN_IN_PATH } from "./clerk-config";

export type PageUser = { user: CurrentUser; account: Account };

/** For pages that only need to know who is signed in, if anyone (sign-in, sign-up). It reads no account. */
export async function getPageUser(): Promise<CurrentUser | null> {
  return getCurrentUser(await getDb());
}

/**
 * For the signed-in shell: the user and their account (its header shows the balance and plan),
 * or null, never a redirect. Read once per request: the shell and its page share the result.
 */
export const getPageAccount = cache(async (): Promise<PageUser | null> => {
  const db = await getDb();
  const user = await getCurrentUser(db);
  return user ? { user, account: await getAccountOrThrow(db, user.id) } : null;
});

/** For signed-in pages: the user and their account, or a redirect to sign-in. */
export async function requirePageUser(returnTo: string): Promise<PageUser> {
  const pageUser = await getPageAccount();
  if (!pageUser) redirect(`${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo)}`);
  return pageUser;
}
