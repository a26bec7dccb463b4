import "server-only";
import { clerkBackendApi } from "./clerk-config";

export type ClerkProfile = { email: string | null; name: string | null };

type ClerkUserJson = {
  primary_email_address_id?: string | null;
  email_addresses?: { id: string; email_address: string }[];
  first_name?: string | null;
  last_name?: string | null;
};

const TIMEOUT_MS = 5_000;

/**
 * A user's primary email and name from Clerk's Backend API. Never called on a request's path:
 * callers run it after the response, so a slow or unreachable Clerk costs nobody a request.
 */
export async function fetchClerkProfile(userId: string): Promise<ClerkProfile> {
  const api = clerkBackendApi();
  const res = await fetch(`${api.url}/v1/users/${encodeURIComponent(userId)}`, {
    headers: { authorization: `Bearer ${api.secretKey}`, accept: "application/json" },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    cache: "no-store",
  });
  if (!res.ok) throw new Error(`Clerk answered ${res.status} for user ${userId}`);
  const user = (await res.json()) as ClerkUserJson;
  const primary = user.email_addresses?.find((e) => e.id === user.primary_email_address_id) ?? user.email_addresses?.[0];
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ").trim();
  return { email: primary?.email_address?.toLowerCase() ?? null, name: name || null };
}
