import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { useBrowserApp } from "../support/browser-app";
import { contentSecurityPolicy } from "../../lib/http/security-headers";

const ROOT = path.resolve(__dirname, "../..");

/** Every page route on disk, as a URL path (dynamic segments and route groups resolved). */
function pagesOnDisk(dir = path.join(ROOT, "app"), prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === "api") continue;
      const segment = /^\(.*\)$/.test(entry) ? "" : /^\[\[\.\.\./.test(entry) ? "" : `/${entry}`;
      found.push(...pagesOnDisk(full, `${prefix}${segment}`));
    } else if (entry === "page.tsx") {
      found.push(prefix || "/");
    }
  }
  return found;
}

describe("the Content-Security-Policy", () => {
  it("takes scripts from this origin only, frames nothing and is framed by nobody", () => {
    const policy = contentSecurityPolicy();
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/object-src 'none'/);
    expect(policy).not.toMatch(/script-src[^;]*(\*|https:(?!\/\/))/);
  });

  const session = useBrowserApp(() => ({ SWEEP_INTERVAL_SECONDS: "0" }));

  it("is passed by every page: no violation in Chromium, signed in and out", async () => {
    const { app } = session;
    const { page } = await session.openPage();
    // Each uncaught error with the page it happened on, so a failure says where to look.
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${new URL(page.url()).pathname}: ${e.message}`));
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const pages = pagesOnDisk();
    expect(pages).toEqual(expect.arrayContaining(["/", "/pricing", "/terms", "/sign-in", "/studio", "/billing"]));
    for (const pathname of ["/", "/pricing", "/terms", "/sign-in", "/sign-up", "/no-such-page"]) {
      await page.goto(`${app.url}${pathname}`);
      await page.waitForLoadState("networkidle");
    }
    const signIn = await page.request.post(`${app.url}/api/auth/local`, { data: { email: `csp-${Date.now()}@example.com` } });
    expect(signIn.status()).toBe(200);
    const signedIn = pages.filter((p) => !["/", "/pricing", "/terms", "/sign-in", "/sign-up"].includes(p));
    for (const pathname of signedIn) {
      await page.goto(`${app.url}${pathname}${pathname.endsWith("local-checkout") ? "?plan=pro" : ""}`);
      await page.waitForLoadState("networkidle");
    }
    // A page that runs something: a generation's result shows in the studio.
    await page.goto(`${app.url}/studio`);
    await page.getByRole("textbox").first().fill("a lighthouse under a strict policy");
    await page.getByRole("button", { name: /generate/i }).click();
    await page.locator("img[src^='/api/artifacts/']").first().waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("security headers on responses", () => {
  let app: App;
  let https: App;
  beforeAll(async () => {
    [app, https] = await Promise.all([startApp(), startApp({ APP_URL: "https://studio.example.com" })]);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), https?.stop()]);
  });

  it("are on pages, API answers and API errors alike", async () => {
    const user = await Client.signIn(app, `headers-${Date.now()}@example.com`);
    const responses = [
      await fetch(`${app.url}/`),
      await fetch(`${app.url}/pricing`),
      await user.fetch("/studio"),
      await fetch(`${app.url}/api/health`),
      await fetch(`${app.url}/api/me`),
      await user.fetch("/api/image/generate", { method: "POST", json: { model: "nope", prompt: "" } }),
      await fetch(`${app.url}/no-such-page`),
    ];
    for (const res of responses) {
      const where = `${res.url} ${res.status}`;
      expect(res.headers.get("content-security-policy"), where).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), where).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), where).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("strict-transport-security"), where).toBeNull();
      // An API answer is data: nothing in it may load or run, even opened directly.
      if (new URL(res.url).pathname.startsWith("/api/")) expect(res.headers.get("content-security-policy"), where).toMatch(/^default-src 'none';.*sandbox/);
    }
  });

  it("adds Strict-Transport-Security where the site is served over https", async () => {
    const res = await fetch(`${https.url}/`);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const api = await fetch(`${https.url}/api/health`);
    expect(api.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});
