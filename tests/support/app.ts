import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import { inject } from "vitest";
import { localUserId } from "../../lib/auth/local-session";
import { CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY, generateClerkKeys, mintSessionToken, sessionCookies, type ClerkKeys } from "../auth/clerk-tokens";
import { TEST_DIST_DIR } from "./build";

const ROOT = path.resolve(__dirname, "../..");

export type App = {
  url: string;
  /** Set when the app signs users in with Clerk: the key its session tokens are signed with. */
  clerk?: ClerkKeys;
  dataDir: string;
  env: Record<string, string>;
  /** Server output so far, for failing tests to show. */
  logs: () => string;
  stop: () => Promise<void>;
  /** Ends the server at once (SIGKILL), as a crash or a host that pulls the plug would. */
  kill: () => Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type StartOptions = {
  /**
   * How users sign in. "local" (the default) is the embedded sign-in with LOCAL_AUTH=1; "clerk"
   * runs the real clerkMiddleware with a key pair of this test's own, the way a production
   * deployment that talks to real providers and real billing signs people in.
   */
  auth?: "local" | "clerk";
};

let clerkKeys: Promise<ClerkKeys> | undefined;

async function authEnv(auth: StartOptions["auth"]): Promise<{ env: Record<string, string | undefined>; clerk?: ClerkKeys }> {
  if (auth !== "clerk") return { env: { LOCAL_AUTH: "1" } };
  const clerk = await (clerkKeys ??= generateClerkKeys());
  return {
    clerk,
    env: {
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY,
      CLERK_JWT_KEY: clerk.publicPem,
      // Tokens carry the email claim, so the app never needs Clerk's API; should it try, it
      // reaches a closed local port rather than the internet.
      CLERK_API_URL: "http://127.0.0.1:9",
    },
  };
}

/**
 * Starts the production build (`next start`) with the given environment, on its own port and
 * data folder, against the run's PostgreSQL when there is one (PGlite in the data folder
 * otherwise), and waits until /api/health answers.
 */
export async function startApp(env: Record<string, string | undefined> = {}, options: StartOptions = {}): Promise<App> {
  const auth = await authEnv(options.auth);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-app-"));
  const databaseUrl = inject("databaseUrl");
  const fullEnv: Record<string, string> = Object.fromEntries(
    Object.entries({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: TEST_DIST_DIR,
      DATA_DIR: dataDir,
      ...auth.env,
      AUTH_SECRET: "test-auth-secret-0123456789abcdef",
      APP_URL: `http://127.0.0.1:${port}`,
      // Every test signs in from 127.0.0.1 behind no trusted proxy, so all share one address:
      // the sign-in limit is lifted here and tested with its own settings.
      RATE_LIMIT_SIGN_IN: "100000/60",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    }).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    { cwd: ROOT, env: fullEnv as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  return { url, clerk: auth.clerk, dataDir, env: fullEnv, logs: () => output, stop, kill };
}

/**
 * A cookie-keeping client for one user of an app: signs in (locally, or with a Clerk session
 * token for the same user id when the app runs Clerk) and calls the API.
 */
export class Client {
  private cookies = new Map<string, string>();

  constructor(readonly app: App) {}

  static async signIn(app: App, email: string, name?: string): Promise<Client> {
    const client = new Client(app);
    if (app.clerk) {
      const token = await mintSessionToken(app.clerk.privateKey, {
        sub: localUserId(email),
        email: email.trim().toLowerCase(),
        azp: app.url,
        expOffset: 3600,
      });
      for (const pair of sessionCookies(token).split("; ")) {
        const eq = pair.indexOf("=");
        client.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      return client;
    }
    const res = await client.fetch("/api/auth/local", { method: "POST", json: { email, name } });
    if (res.status !== 200) throw new Error(`local sign-in failed: ${res.status} ${await res.text()}`);
    return client;
  }

  async fetch(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const res = await fetch(`${this.app.url}${pathname}`, { ...init, headers, body, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async json<T = any>(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await this.fetch(pathname, init);
    const text = await res.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      body = text as T;
    }
    return { status: res.status, body, headers: res.headers };
  }
}
