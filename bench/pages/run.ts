// npm run bench:pages: the JavaScript a browser loads for each page, gzipped, summed from the
// <script src> tags of the HTML `next start` serves (the embedded default, signed in locally for the
// app's pages). Prints a table and each page's verdict against its budget: / <= 110 kB,
// /studio <= 160 kB, every other page <= 180 kB.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildOnce, startNextServer } from "../support/next-server";

const DIST = process.env.BENCH_DIST || ".next-bench-pages";

const PUBLIC_PAGES = ["/", "/pricing", "/terms", "/sign-in"];
const APP_PAGES = ["/studio", "/director", "/assistant", "/kits", "/calendar", "/history", "/reports", "/billing"];
const BUDGET_KB: Record<string, number> = { "/": 110, "/studio": 160 };
const DEFAULT_BUDGET_KB = 180;

function startServer() {
  return startNextServer(DIST, (port) => ({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "nexora-bench-pages-")),
    LOCAL_AUTH: "1",
    AUTH_SECRET: "bench-auth-secret-0123456789abcdef",
    APP_URL: `http://127.0.0.1:${port}`,
  }));
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

async function main() {
  buildOnce(DIST);
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
