import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import {
  adminFailedWebhookEvents,
  adminLastReconcile,
  adminListAudit,
  adminStuckJobs,
  type AdminAuditEntry,
  type FailedWebhookEvent,
  type ReconcileRun,
  type StuckJobs,
} from "@/lib/db/functions/admin";
import { isAdmin } from "./is-admin";
import { listUsers, type AdminUser } from "./list-users";

export type { AdminAuditEntry, AdminUser, FailedWebhookEvent, ReconcileRun, StuckJob, StuckJobs } from "@/lib/db/functions/admin";

export type AdminPageData = {
  admin: CurrentUser;
  query: string;
  users: AdminUser[];
  jobs: StuckJobs;
  events: FailedWebhookEvent[];
  reconcile: ReconcileRun | null;
  audit: AdminAuditEntry[];
};

/** The signed-in admin, or null for anyone else. */
export async function getPageAdmin(): Promise<CurrentUser | null> {
  const user = await getCurrentUser(await getDb());
  return user && isAdmin(user) ? user : null;
}

/** Everything the admin console shows; anyone but an admin gets the 404 page. */
export async function getAdminPage(query: string): Promise<AdminPageData> {
  const admin = await getPageAdmin();
  if (!admin) notFound();
  const db = await getDb();
  const [users, jobs, events, reconcile, audit] = await Promise.all([
    listUsers(db, { query }),
    adminStuckJobs(db, { limit: 20 }),
    adminFailedWebhookEvents(db, 50),
    adminLastReconcile(db),
    adminListAudit(db, 20),
  ]);
  return { admin, query, users, jobs, events, reconcile, audit };
}
