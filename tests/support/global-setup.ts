import type { TestProject } from "vitest/node";
import { buildAppIfStale } from "./build";
import { createTestDatabase } from "./postgres-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string | null;
  }
}

/**
 * Once per run: a fresh, Supabase-shaped PostgreSQL database when DATABASE_URL is set (dropped
 * afterwards), and a production build of the app for the HTTP and browser tests.
 */
export default async function setup(project: TestProject) {
  const database = process.env.DATABASE_URL ? await createTestDatabase(process.env.DATABASE_URL) : null;
  project.provide("databaseUrl", database?.url ?? null);
  if (process.env.SKIP_APP_BUILD !== "1") await buildAppIfStale();
  return async () => {
    await database?.drop();
  };
}
