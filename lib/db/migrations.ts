import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { appliedMigrations } from "./functions/migrations";
import type { Db, SqlDb } from "./types";

export type Migration = { version: string; name: string; file: string };

const FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export function migrationsDir(): string {
  return process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), "supabase", "migrations");
}

export async function listMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return files.map((file) => {
    const match = FILE.exec(file);
    if (!match) throw new Error(`migration file ${file} must be named <14-digit version>_<name>.sql`);
    return { version: match[1], name: match[2], file: path.join(dir, file) };
  });
}

// Runners on several processes take turns: every transaction below starts with this lock.
const LOCK = "select pg_advisory_xact_lock(7243001)";

const BOOKKEEPING = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key, statements text[], name text
  );`;

/**
 * Applies every migration not yet recorded, each in its own transaction together with its
 * record (the table the Supabase CLI keeps, so both tools agree on what ran). Runners take
 * turns, so a migration racing in from another process is seen as applied and skipped.
 */
export async function migrate(db: SqlDb, dir = migrationsDir()): Promise<string[]> {
  await db.transaction(async (query) => {
    await query(LOCK);
    await query(BOOKKEEPING);
  });
  const ran: string[] = [];
  for (const m of await listMigrations(dir)) {
    const body = await readFile(m.file, "utf8");
    const applied = await db.transaction(async (query) => {
      await query(LOCK);
      const done = await query("select 1 from supabase_migrations.schema_migrations where version = $1", [m.version]);
      if (done.length) return false;
      await query(body);
      await query("insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)", [m.version, m.name]);
      return true;
    });
    if (applied) ran.push(m.version);
  }
  return ran;
}

export type MigrationStatus = { current: boolean; applied: string[]; pending: string[] };

// The migration files ship with the build and do not change under a running process, so the
// health check reads the folder once instead of on every probe.
const shippedVersions = new Map<string, Promise<string[]>>();

function shippedVersionsOf(dir: string): Promise<string[]> {
  let versions = shippedVersions.get(dir);
  if (!versions) {
    versions = listMigrations(dir).then((list) => list.map((m) => m.version));
    versions.catch(() => shippedVersions.delete(dir));
    shippedVersions.set(dir, versions);
  }
  return versions;
}

export async function migrationStatus(db: Db, dir = migrationsDir()): Promise<MigrationStatus> {
  const expected = await shippedVersionsOf(dir);
  const applied = await appliedMigrations(db).catch(() => [] as string[]);
  const pending = expected.filter((v) => !applied.includes(v));
  return { current: pending.length === 0, applied, pending };
}
