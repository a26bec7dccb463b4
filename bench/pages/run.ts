// npm run bench:pages: the JavaScript a browser loads for each page, gzipped, summed from the
// <script src> tags of the HTML `next start` serves (the embedded default, signed in locally for the
// app's pages). Prints a table and each page's verdict against its budget: / <= 110 kB,
// /studio <= 160 kB, every other page <= 180 kB.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIST = process.env.BENCH_DIST || ".next-bench-pages";

const PUBLIC_PAGES = ["/", "/pricing", "/terms", "/sign-in"];
const APP_PAGES = ["/studio", "/director", "/assistant", "/kits", "/calendar", "/history", "/reports", "/billing"];
const BUDGET_KB: Record<string, number> = { "/": 110, "/studio": 160 };
const DEFAULT_BUDGET_KB = 180;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "nexora-bench-pages-")),
      LOCAL_AUTH: "1",
      AUTH_SECRET: "bench-auth-secret-0123456789abcdef",
      APP_URL: `http://127.0.0.1:${port}`,
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
  return { url, stop: () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM"))) };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/local`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench@example.com" }) });
  if (!res.ok) throw new Error(`local sign-in answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

const gzipped = new Map<string, number>();
async function scriptBytes(url: string, src: string): Promise<number> {
  const full = new URL(src, url).toString();
  if (!gzipped.has(full)) {
    const body = Buffer.from(await (await fetch(full)).arrayBuffer());
    gzipped.set(full, gzipSync(body).byteLength);
  }
  return gzipped.get(full)!;
}

async function measure(url: string, page: string, cookie?: string) {
  const res = await fetch(`${url}${page}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const html = await res.text();
  // A `nomodule` script (Next's polyfills) is skipped by every browser that runs modules.
  const tags = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!).filter((attributes) => !/\bnomodule\b/i.test(attributes));
  const sources = [...new Set(tags.map((attributes) => /\ssrc="([^"]+)"/.exec(attributes)?.[1]).filter((src): src is string => Boolean(src)).map((src) => src.replace(/&amp;/g, "&")))];
  const sizes = await Promise.all(sources.map((src) => scriptBytes(url, src)));
  return { status: res.status, scripts: sources.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** A production build of its own, made once (BENCH_REBUILD=1 makes it again). */
function buildOnce() {
  if (existsSync(path.join(ROOT, DIST, "BUILD_ID")) && process.env.BENCH_REBUILD !== "1") return;
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  buildOnce();
  const server = await startServer();
  try {
    const cookie = await signIn(server.url);
    const rows: string[] = [];
    let over = 0;
    for (const page of [...PUBLIC_PAGES, ...APP_PAGES]) {
      const { status, scripts, bytes } = await measure(server.url, page, APP_PAGES.includes(page) ? cookie : undefined);
      const kb = bytes / 1000;
      const budget = BUDGET_KB[page] ?? DEFAULT_BUDGET_KB;
      const ok = status === 200 && kb <= budget;
      if (!ok) over++;
      rows.push(`${page.padEnd(12)} ${String(status).padStart(4)} ${String(scripts).padStart(8)} ${kb.toFixed(1).padStart(10)} ${String(budget).padStart(8)}  ${status !== 200 ? "not served" : ok ? "ok" : "OVER"}`);
    }
    console.log(`page         HTTP  scripts  gzip (kB)  budget  verdict\n${rows.join("\n")}`);
    console.log(over ? `${over} page(s) missing or over budget` : "every page within its budget");
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
