import "server-only";
import type { Db } from "@/lib/db/types";
import { adminListUsers, type AdminUser } from "@/lib/db/functions/admin";
import { planRules } from "@/lib/catalog";

export type { AdminUser } from "@/lib/db/functions/admin";

/** Users matching an email or id fragment, with the plan the reservation would decide for each. */
export function listUsers(db: Db, input: { query?: string; limit?: number } = {}): Promise<AdminUser[]> {
  return adminListUsers(db, { query: input.query, limit: input.limit ?? 50, plans: planRules() });
}
