// What a deployment's environment turns on, area by area, and the settings that would lose money
// or let people in. It reads only the variables it is given and never repeats their values, so
// the doctor script, the detailed health check and tests all ask the same rules.
import "server-only";
import { endpointOf, MODELS, OFFERED_MODELS, type ProviderId } from "@/lib/catalog";
import { OUTPUT_HOSTS, TEST_ORIGINS_ENV } from "@/lib/http/output-url-policy";
import { isDemoMode, PROVIDER_BASE_URL_ENV, PROVIDER_KEY_ENV } from "@/lib/providers";

type Env = Record<string, string | undefined>;

export type Level = "ok" | "warn" | "error";
export type Finding = { level: Level; text: string };
export type AreaReport = { area: string; mode: string; findings: Finding[] };

const set = (env: Env, name: string) => Boolean(env[name]?.trim());

function httpsUrl(value: string | undefined): boolean {
  try {
    return new URL(value ?? "").protocol === "https:";
  } catch {
    return false;
  }
}

function data(env: Env): AreaReport {
  const findings: Finding[] = [];
  let mode = "PGlite (embedded, in DATA_DIR)";
  if (set(env, "DATABASE_URL")) mode = "PostgreSQL (DATABASE_URL)";
  else if (set(env, "SUPABASE_URL") && set(env, "SUPABASE_SERVICE_ROLE_KEY")) mode = "Supabase data API";
  if (set(env, "SUPABASE_URL") !== set(env, "SUPABASE_SERVICE_ROLE_KEY")) {
    findings.push({ level: "error", text: "SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY go together: set both or neither." });
  }
  if (mode.startsWith("PGlite") && env.NODE_ENV === "production" && set(env, "VERCEL")) {
    findings.push({ level: "error", text: "A serverless host has no lasting disk for PGlite: set DATABASE_URL." });
  }
  return { area: "data", mode, findings };
}

function storage(env: Env): AreaReport {
  if (!set(env, "SUPABASE_URL")) {
    const findings: Finding[] = set(env, "VERCEL")
      ? [{ level: "error", text: "A serverless host has no lasting disk for outputs: configure Supabase Storage (SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_STORAGE_BUCKET)." }]
      : [];
    // Director anchors and stills to animate reach a real provider as signed links on APP_URL.
    const fetchingProviders = (["higgsfield", "fal", "runway"] as const).filter((id) => set(env, PROVIDER_KEY_ENV[id]));
    if (!isDemoMode(env) && env.NODE_ENV === "production" && fetchingProviders.length && !httpsUrl(env.APP_URL)) {
      findings.push({
        level: "error",
        text: `Outputs are in the local folder and APP_URL is not a public https address: ${fetchingProviders.join(", ")} could not fetch Director anchors or images to animate, and those jobs would all be refunded.`,
      });
    }
    return { area: "storage", mode: "local folder (DATA_DIR/artifacts)", findings };
  }
  const findings: Finding[] = set(env, "SUPABASE_STORAGE_BUCKET")
    ? []
    : [{ level: "error", text: "SUPABASE_URL is set without SUPABASE_STORAGE_BUCKET: name the private bucket durable outputs go to." }];
  return { area: "storage", mode: `Supabase Storage (bucket ${env.SUPABASE_STORAGE_BUCKET?.trim() || "unset"})`, findings };
}

function auth(env: Env): AreaReport {
  const production = env.NODE_ENV === "production";
  const clerkKeys = [set(env, "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"), set(env, "CLERK_SECRET_KEY")];
  const findings: Finding[] = [];
  if (clerkKeys[0] !== clerkKeys[1]) {
    findings.push({ level: "error", text: "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY go together: set both or neither." });
  }
  if (clerkKeys[0] && clerkKeys[1]) {
    if (!set(env, "CLERK_JWT_KEY")) {
      findings.push({ level: "error", text: "Clerk is on without CLERK_JWT_KEY: every request would verify its session over the network. Paste the instance's PEM public key." });
    }
    if (!set(env, "APP_URL")) findings.push({ level: "warn", text: "Set APP_URL so Clerk accepts session tokens minted for this site only." });
    return { area: "auth", mode: "Clerk", findings };
  }
  if (production && env.LOCAL_AUTH === "1") {
    findings.push({ level: "error", text: "LOCAL_AUTH=1 in production: anyone can sign in as any email. This is a demo deployment; configure Clerk for a real one." });
    if (set(env, "ADMIN_USERS")) {
      findings.push({ level: "error", text: "ADMIN_USERS is set on a deployment where anyone can sign in as any email: anyone could open the admin console. Leave it empty here." });
    }
    return { area: "auth", mode: "local sign-in (demo deployment)", findings };
  }
  if (!production) return { area: "auth", mode: "local sign-in (development)", findings };
  findings.push({ level: "warn", text: "No sign-in is configured: every protected route answers 401. Set the Clerk keys." });
  return { area: "auth", mode: "none", findings };
}

function providers(env: Env): AreaReport[] {
  const demo = isDemoMode(env);
  const webhooks = env.PROVIDER_WEBHOOKS === "1";
  const reports: AreaReport[] = [];
  for (const [id, key] of Object.entries(PROVIDER_KEY_ENV) as [ProviderId, string][]) {
    const models = MODELS.filter((m) => m.provider === id || m.fallback?.provider === id).map((m) => m.id);
    const findings: Finding[] = [];
    let mode: string;
    if (demo) mode = "demo provider";
    else if (set(env, key)) mode = `configured (${key})${set(env, PROVIDER_BASE_URL_ENV[id]) ? `, base URL ${PROVIDER_BASE_URL_ENV[id]}` : ""}`;
    else {
      mode = "unavailable";
      findings.push({ level: "warn", text: `${key} is not set: ${models.join(", ")} answer 503 and charge nothing.` });
    }
    for (const model of OFFERED_MODELS.filter((m) => m.provider === id && !endpointOf(m, env))) {
      findings.push({ level: "warn", text: `${model.id} has no upstream endpoint yet: it shows as not yet available and answers 503 until ${model.endpoint.env} names one.` });
    }
    if (!demo && set(env, key) && webhooks && !httpsUrl(env.APP_URL)) {
      findings.push({ level: "error", text: "PROVIDER_WEBHOOKS=1 without an https APP_URL: the provider cannot reach the completion webhook." });
    }
    reports.push({ area: `provider ${id}`, mode, findings });
  }
  return reports;
}

function outputs(env: Env): AreaReport {
  const changed = Object.values(OUTPUT_HOSTS).filter((entry) => set(env, entry.env)).map((entry) => entry.env);
  const mode = `https from each provider's own hosts${changed.length ? ` (${changed.join(", ")})` : " (defaults)"}`;
  if (!set(env, TEST_ORIGINS_ENV)) return { area: "outputs", mode, findings: [] };
  return {
    area: "outputs",
    mode: `${mode}, and test origins over plain http`,
    findings: [{
      level: env.NODE_ENV === "production" ? "error" : "warn",
      text: `${TEST_ORIGINS_ENV} is set: outputs from the origins it names are fetched without https and without the private-address check. It is for the test suite's fakes only; unset it.`,
    }],
  };
}

function billing(env: Env): AreaReport {
  const findings: Finding[] = [];
  if (!set(env, "LEMON_SQUEEZY_API_KEY")) {
    const local = env.NODE_ENV !== "production" || env.LOCAL_AUTH === "1";
    return { area: "billing", mode: local ? "local checkout (nothing is charged)" : "off (no plans can be bought)", findings };
  }
  if (!set(env, "LEMON_SQUEEZY_WEBHOOK_SECRET")) {
    findings.push({ level: "error", text: "Lemon Squeezy is on without LEMON_SQUEEZY_WEBHOOK_SECRET: payments would never reach the app." });
  }
  if (!set(env, "LEMON_SQUEEZY_STORE_ID")) findings.push({ level: "error", text: "Lemon Squeezy is on without LEMON_SQUEEZY_STORE_ID: no checkout can open." });
  for (const name of ["LEMON_SQUEEZY_VARIANT_GROWTH", "LEMON_SQUEEZY_VARIANT_PRO"]) {
    if (!set(env, name)) findings.push({ level: "error", text: `Lemon Squeezy is on without ${name}: that plan cannot be sold, and its payments would grant nothing.` });
  }
  if (!httpsUrl(env.APP_URL)) findings.push({ level: "warn", text: "APP_URL is not https: checkout's way back and the webhook need a public https address." });
  return { area: "billing", mode: "Lemon Squeezy", findings };
}

function cron(env: Env): AreaReport {
  if (set(env, "VERCEL")) {
    const findings: Finding[] = set(env, "CRON_SECRET")
      ? []
      : [{ level: "error", text: "A serverless host (VERCEL) without CRON_SECRET: the sweep cron cannot be called, so stuck jobs would never be refunded." }];
    return { area: "cron", mode: "serverless: /api/cron/sweep and /api/cron/reconcile on a schedule", findings };
  }
  const seconds = Number(env.SWEEP_INTERVAL_SECONDS ?? 10);
  const findings: Finding[] = seconds > 0 ? [] : [{ level: "warn", text: "SWEEP_INTERVAL_SECONDS=0 turns the sweeper timer off: call /api/cron/sweep on a schedule." }];
  return { area: "cron", mode: seconds > 0 ? `sweeper timer every ${seconds} s` : "sweeper timer off", findings };
}

function urls(env: Env): AreaReport {
  const findings: Finding[] = [];
  if (!set(env, "APP_URL")) {
    findings.push({ level: env.NODE_ENV === "production" ? "warn" : "ok", text: "APP_URL is not set: redirects use the request's own address." });
    return { area: "urls", mode: "from each request", findings };
  }
  try {
    new URL(env.APP_URL!);
  } catch {
    findings.push({ level: "error", text: "APP_URL is not a URL." });
    return { area: "urls", mode: "invalid", findings };
  }
  if (env.NODE_ENV === "production" && !httpsUrl(env.APP_URL)) findings.push({ level: "warn", text: "APP_URL is not https in production." });
  return { area: "urls", mode: new URL(env.APP_URL!).origin, findings };
}

/** Every area's mode and findings for this environment. */
export function diagnoseEnvironment(env: Env = process.env): AreaReport[] {
  return [data(env), storage(env), auth(env), ...providers(env), outputs(env), billing(env), cron(env), urls(env)];
}

export function hasErrors(reports: AreaReport[]): boolean {
  return reports.some((r) => r.findings.some((f) => f.level === "error"));
}
