import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
/** Where the test build lives; separate work trees or parallel runs can each name their own. */
export const TEST_DIST_DIR = process.env.NEXORA_TEST_DIST || ".next-test";

const SOURCES = ["app", "components", "lib", "public", "middleware.ts", "instrumentation.ts", "next.config.mjs", "package.json", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, child) => Math.max(max, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

/** Builds the app with `next build` unless a build newer than every source file exists. */
export async function buildAppIfStale() {
  const buildId = path.join(ROOT, TEST_DIST_DIR, "BUILD_ID");
  const sourcesChanged = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sourcesChanged) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", NEXORA_TEST_BUILD: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  }
  // The build is as new as the sources it started from: a file saved while it ran is newer, and
  // the next run builds again.
  utimesSync(buildId, new Date(), new Date(started));
  console.log(`built the app for tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
