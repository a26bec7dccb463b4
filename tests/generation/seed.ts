import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { localUserId } from "../../lib/auth/local-session";
import { adjustCredits, provisionUser } from "../../lib/db/functions/credits";
import { migrate } from "../../lib/db/migrations";
import { openPglite } from "../../lib/db/pglite";
import { openPostgres } from "../../lib/db/postgres";
import type { SqlDb } from "../../lib/db/types";

export type SeedUser = { email: string; plan?: "growth" | "pro"; credits?: number };

let counter = 0;
/** An email no other test (or run on the shared database) uses. */
export function uniqueEmail(name: string): string {
  return `${name}.${process.pid}.${Date.now().toString(36)}.${(counter++).toString(36)}@gen.test`;
}

/**
 * Opens the database an app will use, before the app starts: the run's PostgreSQL, or a PGlite
 * folder that becomes the app's DATA_DIR (PGlite is one process's, so it must be closed first).
 */
export async function withAppDatabase<T>(dataDir: string, fn: (sql: SqlDb) => Promise<T>): Promise<T> {
  const url = inject("databaseUrl");
  const sql = url ? openPostgres(url, { max: 2 }) : await openPglite(path.join(dataDir, "pglite"));
  try {
    if (!url) await migrate(sql);
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/** A fresh data folder with the given users provisioned, on a plan and with credits, as billing would leave them. */
export async function seedUsers(users: SeedUser[]): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-gen-"));
  await withAppDatabase(dataDir, async (sql) => {
    for (const user of users) await seedUser(sql, user);
  });
  return dataDir;
}

export async function seedUser(sql: SqlDb, user: SeedUser): Promise<string> {
  const id = localUserId(user.email);
  await provisionUser(sql, { userId: id, email: user.email, starterCredits: 15 });
  if (user.plan) {
    await sql.query(
      `insert into user_subscriptions (subscription_id, user_id, plan, status, source_updated_at)
       values ($1, $2, $3, 'active', now())`,
      [`sub_${id}`, id, user.plan],
    );
  }
  if (user.credits !== undefined && user.credits !== 15) {
    const result = await adjustCredits(sql, { userId: id, delta: user.credits - 15, reason: "test setup" });
    if (result.code !== "ok") throw new Error(`adjust_credits: ${JSON.stringify(result)}`);
  }
  return id;
}
