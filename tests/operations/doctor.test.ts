import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnoseEnvironment, hasErrors } from "../../lib/operations/diagnose-environment";
import { startApp, type App } from "../support/app";

const ROOT = path.resolve(__dirname, "../..");

/** A production deployment configured the way the README's guide says, before a test breaks one thing. */
const GOOD: Record<string, string> = {
  NODE_ENV: "production",
  APP_URL: "https://studio.example.com",
  DATABASE_URL: "postgres://app:secret@db.example.com:5432/postgres",
  SUPABASE_URL: "https://project.supabase.co",
  SUPABASE_SERVICE_ROLE_KEY: "service-role-key",
  SUPABASE_STORAGE_BUCKET: "generations",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_live_x",
  CLERK_SECRET_KEY: "sk_live_x",
  CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----x",
  FAL_KEY: "fal-key",
  REPLICATE_API_TOKEN: "r8_token",
  OPENAI_API_KEY: "sk-openai",
  GEMINI_API_KEY: "gemini-key",
  HIGGSFIELD_API_KEY: "hf-key",
  LEMON_SQUEEZY_API_KEY: "ls-key",
  LEMON_SQUEEZY_STORE_ID: "1",
  LEMON_SQUEEZY_WEBHOOK_SECRET: "whsec",
  LEMON_SQUEEZY_VARIANT_GROWTH: "11",
  LEMON_SQUEEZY_VARIANT_PRO: "12",
  CRON_SECRET: "cron",
  VERCEL: "1",
  PROVIDER_WEBHOOKS: "1",
};

const without = (...names: string[]) => Object.fromEntries(Object.entries(GOOD).filter(([k]) => !names.includes(k)));
const errorsOf = (env: Record<string, string | undefined>) =>
  diagnoseEnvironment(env).flatMap((a) => a.findings.filter((f) => f.level === "error").map((f) => f.text));

describe("the deployment rules", () => {
  it("passes a complete production configuration", () => {
    expect(errorsOf(GOOD)).toEqual([]);
    expect(hasErrors(diagnoseEnvironment(GOOD))).toBe(false);
  });

  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ["Lemon Squeezy keys without the webhook secret", without("LEMON_SQUEEZY_WEBHOOK_SECRET"), /without LEMON_SQUEEZY_WEBHOOK_SECRET/],
    ["Lemon Squeezy keys without the Pro variant", without("LEMON_SQUEEZY_VARIANT_PRO"), /without LEMON_SQUEEZY_VARIANT_PRO/],
    ["Lemon Squeezy keys without the Growth variant", without("LEMON_SQUEEZY_VARIANT_GROWTH"), /without LEMON_SQUEEZY_VARIANT_GROWTH/],
    ["Lemon Squeezy keys without a store", without("LEMON_SQUEEZY_STORE_ID"), /without LEMON_SQUEEZY_STORE_ID/],
    ["provider webhooks without an https APP_URL", { ...GOOD, APP_URL: "http://studio.example.com" }, /PROVIDER_WEBHOOKS=1 without an https APP_URL/],
    ["a serverless host without CRON_SECRET", without("CRON_SECRET"), /VERCEL\) without CRON_SECRET/],
    ["Clerk keys without CLERK_JWT_KEY", without("CLERK_JWT_KEY"), /without CLERK_JWT_KEY/],
    ["half of Clerk's keys", without("CLERK_SECRET_KEY"), /go together/],
    ["LOCAL_AUTH=1 in production", { ...without("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "CLERK_SECRET_KEY", "CLERK_JWT_KEY"), LOCAL_AUTH: "1" }, /LOCAL_AUTH=1 in production/],
    ["an admin console on a demo deployment", { ...without("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "CLERK_SECRET_KEY", "CLERK_JWT_KEY"), LOCAL_AUTH: "1", ADMIN_USERS: "ops@example.com" }, /ADMIN_USERS is set on a deployment where anyone can sign in/],
    ["SUPABASE_URL without the storage bucket", without("SUPABASE_STORAGE_BUCKET"), /without SUPABASE_STORAGE_BUCKET/],
    ["a serverless host without durable storage", without("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_STORAGE_BUCKET"), /no lasting disk for outputs/],
    [
      "local storage behind an APP_URL providers cannot fetch from",
      { ...without("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_STORAGE_BUCKET", "VERCEL"), APP_URL: "http://10.0.0.5:3000", PROVIDER_WEBHOOKS: "0" },
      /higgsfield, fal could not fetch Director anchors/,
    ],
    ["an APP_URL that is not a URL", { ...GOOD, APP_URL: "studio", PROVIDER_WEBHOOKS: "0" }, /APP_URL is not a URL/],
  ];
  for (const [name, env, sentence] of cases) {
    it(`fails ${name}, saying so`, () => {
      const errors = errorsOf(env);
      expect(errors.some((e) => sentence.test(e)), errors.join("\n")).toBe(true);
    });
  }

  it("says which mode each area is in and never repeats a secret's value", () => {
    const reports = diagnoseEnvironment(GOOD);
    expect(reports.map((r) => r.area)).toEqual(expect.arrayContaining(["data", "storage", "auth", "billing", "cron", "urls", "provider fal"]));
    const text = JSON.stringify(reports);
    for (const secret of ["service-role-key", "sk_live_x", "ls-key", "whsec", "fal-key", "secret@"]) expect(text).not.toContain(secret);
  });
});

describe("npm run doctor", () => {
  const run = (env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/doctor.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: mkdtempSync(path.join(tmpdir(), "nexora-doctor-")), ...env } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    });

  it("passes the embedded default and reports the migrated PGlite", () => {
    const result = run({});
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/data: PGlite/);
    expect(result.stdout).toMatch(/migrations applied, none pending/);
  });

  it("exits 1 with a clear sentence on a setting that would lose money", () => {
    const result = run({ LEMON_SQUEEZY_API_KEY: "ls-key", LEMON_SQUEEZY_STORE_ID: "1", LEMON_SQUEEZY_VARIANT_GROWTH: "1", LEMON_SQUEEZY_VARIANT_PRO: "2" });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL Lemon Squeezy is on without LEMON_SQUEEZY_WEBHOOK_SECRET/);
    expect(result.stdout).not.toContain("ls-key");
  });

  it("exits 1 when the database cannot be reached", () => {
    const result = run({ DATABASE_URL: "postgres://nobody@127.0.0.1:9/none" });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL The database could not be reached/);
  });
});

describe("GET /api/health?detail=1", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ CRON_SECRET: "doctor-cron-secret" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("is closed without the cron secret", async () => {
    expect((await fetch(`${app.url}/api/health?detail=1`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/health?detail=1`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  });

  it("answers the doctor's areas with the secret, and flags this LOCAL_AUTH=1 production deployment", async () => {
    const res = await fetch(`${app.url}/api/health?detail=1`, { headers: { authorization: "Bearer doctor-cron-secret" } });
    const body = await res.json();
    expect(res.status).toBe(503);
    expect(body.ok).toBe(false);
    const auth = body.areas.find((a: { area: string }) => a.area === "auth");
    expect(auth.findings.map((f: { text: string }) => f.text).join(" ")).toMatch(/LOCAL_AUTH=1 in production/);
    expect(JSON.stringify(body)).not.toContain("doctor-cron-secret");
  });
});
