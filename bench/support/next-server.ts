// What the benchmarks share: a production build of their own, made once, and `next start` on a
// free port with exactly the environment a benchmark gives it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Builds into `dist` unless a build is there (BENCH_REBUILD=1 makes it again). */
export function buildOnce(dist: string, env: Record<string, string> = {}) {
  if (existsSync(path.join(ROOT, dist, "BUILD_ID")) && process.env.BENCH_REBUILD !== "1") return;
  const result = spawnSync(process.execPath, [NEXT, "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env },
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("next build failed");
}

/**
 * `next start` of `dist` until /api/health answers. `env` may depend on the port (APP_URL).
 * BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", shows where the server's time goes.
 */
export async function startNextServer(dist: string, env: Record<string, string> | ((port: number) => Record<string, string>)) {
  const port = await freePort();
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, NEXT, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: dist,
      ...(typeof env === "function" ? env(port) : env),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`next start did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, logs: () => output, stop: () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM"))) };
}
