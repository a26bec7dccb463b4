import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
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
  begin;
  ${LOCK};
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key, statements text[], name text
  );
  commit;`;

async function appliedVersions(db: SqlDb): Promise<Set<string>> {
  const rows = await db.query<{ version: string }>("select version from supabase_migrations.schema_migrations");
  return new Set(rows.map((r) => r.version));
}

/**
 * Applies every migration not yet recorded, each in its own transaction together with its
 * record (the table the Supabase CLI keeps, so both tools agree on what ran). A runner that
 * loses a race to another one sees the version recorded and moves on.
 */
export async function migrate(db: SqlDb, dir = migrationsDir()): Promise<string[]> {
  await db.exec(BOOKKEEPING);
  const applied = await appliedVersions(db);
  const ran: string[] = [];
  for (const m of await listMigrations(dir)) {
    if (applied.has(m.version)) continue;
    const body = await readFile(m.file, "utf8");
    try {
      await db.exec(
        `begin;\n${LOCK};\n${body}\n;insert into supabase_migrations.schema_migrations (version, name) values ('${m.version}', '${m.name}');\ncommit;`,
      );
    } catch (error) {
      await db.exec("rollback").catch(() => {});
      if (!(await appliedVersions(db)).has(m.version)) throw error;
      continue;
    }
    ran.push(m.version);
  }
  return ran;
}

export type MigrationStatus = { current: boolean; applied: string[]; pending: string[] };

export async function migrationStatus(db: Db, dir = migrationsDir()): Promise<MigrationStatus> {
  const expected = (await listMigrations(dir)).map((m) => m.version);
  const applied = await db.rpc<string[]>("applied_migrations").catch(() => [] as string[]);
  const pending = expected.filter((v) => !applied.includes(v));
  return { current: pending.length === 0, applied, pending };
}
