import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLERK_PUBLISHABLE_KEY } from "./clerk-tokens";

// Builds the app with every server secret set to a recognisable dummy and reads everything a
// browser can be sent: the client bundle (.next/static) and the prerendered pages.

const ROOT = path.resolve(__dirname, "../..");
const DIST = ".next-test-secrets";

const SECRETS: Record<string, string> = {
  CLERK_SECRET_KEY: "sk_live_SECRETSCAN0clerk0secret0key0value",
  AUTH_SECRET: "SECRETSCAN-auth-secret-value-0123456789",
  SUPABASE_SERVICE_ROLE_KEY: "SECRETSCAN-supabase-service-role-key",
  LEMON_SQUEEZY_API_KEY: "SECRETSCAN-lemon-api-key",
  LEMON_SQUEEZY_WEBHOOK_SECRET: "SECRETSCAN-lemon-webhook-secret",
  FAL_KEY: "SECRETSCAN-fal-key",
  REPLICATE_API_TOKEN: "SECRETSCAN-replicate-token",
  OPENAI_API_KEY: "SECRETSCAN-openai-key",
  GEMINI_API_KEY: "SECRETSCAN-gemini-key",
  HIGGSFIELD_API_KEY: "SECRETSCAN-higgsfield-key",
  CRON_SECRET: "SECRETSCAN-cron-secret",
};

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, keep) : keep(full) ? [full] : [];
  });
}

describe("the browser-facing build", () => {
  it("contains no server secret", { timeout: 600_000 }, () => {
    rmSync(path.join(ROOT, DIST), { recursive: true, force: true });
    const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...SECRETS,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
        NEXT_DIST_DIR: DIST,
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: "production",
        NEXORA_TEST_BUILD: "1",
      },
      encoding: "utf8",
    });
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);

    const sent = [
      ...filesUnder(path.join(ROOT, DIST, "static"), () => true),
      ...filesUnder(path.join(ROOT, DIST, "server/app"), (f) => /\.(html|rsc|body|meta|json)$/.test(f)),
    ];
    expect(sent.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(10);

    const leaks = sent.flatMap((file) => {
      const text = readFileSync(file, "latin1");
      return Object.entries(SECRETS)
        .filter(([, value]) => text.includes(value))
        .map(([name]) => `${name} in ${path.relative(ROOT, file)}`);
    });
    expect(leaks).toEqual([]);
  });
});
