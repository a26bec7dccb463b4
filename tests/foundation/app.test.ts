import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { MODELS } from "../../lib/catalog";
import { startApp, type App } from "../support/app";

describe("the app on its configured database", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("reports the database backend in use and that migrations are current", async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.database).toBe(inject("databaseUrl") ? "postgres" : "pglite");
    expect(body.migrations.current).toBe(true);
    expect(body.migrations.pending).toEqual([]);
  });

  it("serves a home page that links to pricing", async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    expect(html).toContain("Nexora");
    expect(html).toMatch(/href="\/pricing"/);
  });

  it("prices every model of the catalog on the pricing page", async () => {
    const html = await (await fetch(`${app.url}/pricing`)).text();
    for (const m of MODELS) expect(html).toContain(m.name.replace("&", "&amp;"));
    expect(html).toMatch(/\$(<!-- -->)?59/);
  });
});

describe("the embedded default", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: undefined, SUPABASE_URL: undefined });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("runs on PGlite in DATA_DIR with nothing configured", async () => {
    const body = await (await fetch(`${app.url}/api/health`)).json();
    expect(body).toMatchObject({ ok: true, database: "pglite", migrations: { current: true } });
  });
});
