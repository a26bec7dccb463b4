import "server-only";
import { cookies } from "next/headers";
import type { Db } from "@/lib/db/types";
import { provisionUser } from "@/lib/credits/account";
import { authMode } from "./mode";
import { SESSION_COOKIE, verifySessionToken } from "./local-session";

export type CurrentUser = { id: string; email: string | null; name: string | null };

const provisioned = ((globalThis as { __nexoraProvisioned?: Set<string> }).__nexoraProvisioned ??= new Set());

async function identify(): Promise<CurrentUser | null> {
  switch (authMode()) {
    case "local": {
      const session = await verifySessionToken((await cookies()).get(SESSION_COOKIE)?.value);
      return session ? { id: session.uid, email: session.email, name: session.name } : null;
    }
    case "clerk":
    case "none":
      return null;
  }
}

/**
 * The signed-in user, provisioned on first sight (15 starter credits, exactly once: the
 * database decides). Every route reaches identity through here.
 */
export async function getCurrentUser(db: Db): Promise<CurrentUser | null> {
  const user = await identify();
  if (!user) return null;
  if (!provisioned.has(user.id)) {
    await provisionUser(db, user);
    provisioned.add(user.id);
  }
  return user;
}
