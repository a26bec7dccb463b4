import "server-only";
import { cookies } from "next/headers";
import { after } from "next/server";
import { auth } from "@clerk/nextjs/server";
import type { Db } from "@/lib/db/types";
import { provisionUser } from "@/lib/credits/account";
import { authMode } from "./mode";
import { SESSION_COOKIE, verifySessionToken } from "./local-session";
import { fetchClerkProfile } from "./fetch-clerk-profile";
import { errorFields, logger } from "@/lib/log/logger";

export type CurrentUser = { id: string; email: string | null; name: string | null };

type Identity = CurrentUser & { source: "clerk" | "local" };

// Users this process has provisioned, so a request costs one database call only at first sight.
// Forgetting one is harmless: provisioning again is a no-op that the database decides.
const known = ((globalThis as { __nexoraKnownUsers?: Map<string, Promise<CurrentUser>> }).__nexoraKnownUsers ??=
  new Map());
const KNOWN_LIMIT = 10_000;

// When each Clerk user's profile may next be fetched; a failed fetch waits before it is tried again.
const profileFetches = new Map<string, number>();
const PROFILE_RETRY_MS = 5 * 60_000;

function claimText(claims: Record<string, unknown> | null | undefined, name: string): string | null {
  const value = claims?.[name];
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/** Who sent the request: the verified Clerk session token, or the signed local session cookie. */
async function identify(): Promise<Identity | null> {
  switch (authMode()) {
    case "clerk": {
      // clerkMiddleware verified the token (with CLERK_JWT_KEY, offline) and handed it on signed.
      const { userId, sessionClaims } = await auth();
      if (!userId) return null;
      // Present when the Clerk session token is customised to carry them.
      const email = claimText(sessionClaims, "email")?.toLowerCase() ?? null;
      return { source: "clerk", id: userId, email, name: claimText(sessionClaims, "name") };
    }
    case "local": {
      const session = await verifySessionToken((await cookies()).get(SESSION_COOKIE)?.value);
      return session ? { source: "local", id: session.uid, email: session.email, name: session.name } : null;
    }
    case "none":
      return null;
  }
}

/**
 * Fills in the email of a Clerk user whose token does not carry it, after the response is sent,
 * and keeps it in the users table: Clerk's Backend API is never on a request's path.
 */
function fillClerkProfileLater(db: Db, userId: string) {
  const now = Date.now();
  if ((profileFetches.get(userId) ?? 0) > now) return;
  profileFetches.set(userId, Number.POSITIVE_INFINITY);
  const task = async () => {
    try {
      const profile = await fetchClerkProfile(userId);
      const { user } = await provisionUser(db, { id: userId, email: profile.email, name: profile.name });
      known.set(userId, Promise.resolve({ id: user.id, email: user.email, name: user.name }));
    } catch (error) {
      profileFetches.set(userId, Date.now() + PROFILE_RETRY_MS);
      logger.warn({ userId, ...errorFields(error) }, "Clerk profile not fetched; retrying later");
    }
  };
  try {
    after(task);
  } catch {
    // Outside a request scope (scripts, tests): run it detached.
    void task();
  }
}

async function provision(db: Db, identity: Identity): Promise<CurrentUser> {
  const { user } = await provisionUser(db, identity);
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * The signed-in user, provisioned on first sight (15 starter credits, exactly once: the
 * database decides). Every route reaches identity through here.
 */
export async function getCurrentUser(db: Db): Promise<CurrentUser | null> {
  const identity = await identify();
  if (!identity) return null;

  let entry = known.get(identity.id);
  const stored = entry ? await entry.catch(() => null) : null;
  // A new email in the token is written through; otherwise the stored row stands.
  if (!stored || (identity.email && identity.email !== stored.email)) {
    if (known.size >= KNOWN_LIMIT) known.clear();
    entry = provision(db, identity);
    known.set(identity.id, entry);
    entry.catch(() => known.get(identity.id) === entry && known.delete(identity.id));
  }
  const user = await entry!;
  if (identity.source === "clerk" && !user.email && !identity.email) fillClerkProfileLater(db, user.id);
  return { id: user.id, email: identity.email ?? user.email, name: identity.name ?? user.name };
}
