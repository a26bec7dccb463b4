import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { MODELS, OFFERED_MODELS } from "../../lib/catalog";
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

  it("prices every offered model on the pricing page, each clip length and format, and no retired one", async () => {
    const html = await (await fetch(`${app.url}/pricing`)).text();
    for (const m of OFFERED_MODELS) expect(html).toContain(m.name.replace("&", "&amp;"));
    for (const m of MODELS.filter((m) => m.lifecycle.state === "retired")) expect(html).not.toContain(m.name);
    expect(html).toMatch(/\$(<!-- -->)?59/);
    const row = (id: string) => html.match(new RegExp(`<tr[^>]*data-model="${id.replace(".", "\\.")}".*?</tr>`))?.[0] ?? "";
    expect(row("luma-ray-2")).toContain("25 · 5 s");
    expect(row("luma-ray-2")).toContain("50 · 9 s");
    expect(row("luma-ray-2")).toContain("16:9, 9:16, 4:3, 3:4, 21:9");
    expect(row("wan-2.1-turbo")).toContain("8 · 5 s");
    expect(row("wan-2.1-turbo")).not.toContain("10 s");
    expect(row("runway-gwm-1")).toContain("Not yet available");
    expect(row("runway-gen-4.5")).not.toContain("Not yet available");
    expect(row("gpt-image-flare")).toContain("1024x1024, 1536x1024, 1024x1536");
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
