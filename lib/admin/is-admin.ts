// Who may open the admin console: ADMIN_USERS, comma-separated user ids or emails (emails match
// whatever their case). Read at run time through an alias so Next never inlines the value.
const env = process.env;

type Env = Record<string, string | undefined>;

export type AdminCandidate = { id: string; email: string | null } | null | undefined;

/** Whether the signed-in user is listed in ADMIN_USERS; nobody is when it is empty or unset. */
export function isAdmin(user: AdminCandidate, vars: Env = env): boolean {
  if (!user) return false;
  const entries = (vars["ADMIN_USERS"] ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const email = user.email?.trim().toLowerCase();
  return entries.some((entry) => entry === user.id || (entry.includes("@") && email !== undefined && entry.toLowerCase() === email));
}
