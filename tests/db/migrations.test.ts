import { describe, expect, it, inject } from "vitest";
import { listMigrations, migrate, migrationStatus } from "../../lib/db/migrations";
import { openPglite } from "../../lib/db/pglite";
import { openPostgres } from "../../lib/db/postgres";

describe("the migration runner", () => {
  it("applies every migration once, in order, and records it where the Supabase CLI does", async () => {
    const db = await openPglite();
    try {
      const files = (await listMigrations()).map((m) => m.version);
      expect(files).toEqual([...files].sort());
      expect(await migrationStatus(db)).toMatchObject({ current: false, applied: [] });
      expect(await migrate(db)).toEqual(files);
      expect(await migrate(db)).toEqual([]);
      expect(await migrationStatus(db)).toEqual({ current: true, applied: files, pending: [] });
      const rows = await db.query<{ version: string }>("select version from supabase_migrations.schema_migrations order by version");
      expect(rows.map((r) => r.version)).toEqual(files);
    } finally {
      await db.close();
    }
  });

  it("leaves nothing half-applied when a migration fails", async () => {
    const db = await openPglite();
    const dir = await import("node:fs/promises").then(async (fs) => {
      const os = await import("node:os");
      const path = await import("node:path");
      const d = await fs.mkdtemp(path.join(os.tmpdir(), "nexora-migrations-"));
      await fs.writeFile(path.join(d, "20990101000000_good.sql"), "create table good (id int);");
      await fs.writeFile(path.join(d, "20990101000001_bad.sql"), "create table half (id int);\nselect no_such_function();");
      return d;
    });
    try {
      await expect(migrate(db, dir)).rejects.toThrow(/no_such_function/);
      const tables = await db.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'");
      expect(tables.map((t) => t.name)).toEqual(["good"]);
      const recorded = await db.query<{ version: string }>("select version from supabase_migrations.schema_migrations");
      expect(recorded.map((r) => r.version)).toEqual(["20990101000000"]);
    } finally {
      await db.close();
    }
  });

  it.skipIf(!inject("databaseUrl"))("lets two runners race on a fresh PostgreSQL database", async () => {
    const base = new URL(inject("databaseUrl")!);
    base.pathname = "/postgres";
    const { default: postgres } = await import("postgres");
    const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
    const name = `nexora_mig_${Date.now()}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const a = openPostgres(url.toString(), { max: 1 });
    const b = openPostgres(url.toString(), { max: 1 });
    try {
      const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
      const files = (await listMigrations()).map((m) => m.version);
      expect([...ranA, ...ranB].sort()).toEqual(files);
      expect((await migrationStatus(a)).current).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
