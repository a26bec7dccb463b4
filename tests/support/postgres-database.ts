import postgres from "postgres";
import { randomBytes } from "node:crypto";
import { migrate } from "../../lib/db/migrations";
import { openPostgres } from "../../lib/db/postgres";

/**
 * What a Supabase project does to every database before our migrations run: the API roles
 * exist and default privileges hand ALL on new objects in public to anon and authenticated.
 * Testing on a database prepared this way is what proves the migrations take those grants back.
 */
export const SUPABASE_DEFAULTS = `
  do $$ begin
    if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
    if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
  end $$;
  grant usage on schema public to anon, authenticated, service_role;
  alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
  alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
  alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
`;

export async function createTestDatabase(baseUrl: string) {
  const name = `nexora_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 1 });
  try {
    await db.exec(SUPABASE_DEFAULTS);
    await migrate(db);
  } finally {
    await db.close();
  }
  return {
    url: url.toString(),
    async drop() {
      const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
