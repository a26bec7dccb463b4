import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { mintSessionToken } from "./clerk-tokens";

/** A raw GET or POST with headers fetch would not let us forge (Host). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; location: string | null; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: (res.headers.location as string | undefined) ?? null, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const SPOOFED = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

describe("redirects under the local sign-in", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("sends a signed-in visitor only to a same-origin path, whatever redirect_url says", async () => {
    const user = await Client.signIn(app, `redirects-${Date.now()}@example.com`);
    const cases = ["%2F%09%2Fevil.com", "%2F%0D%2Fevil.com", "%2F%0A%2Fevil.com", "%2F%5Cevil.com", "%2F%2Fevil.com", "%2F%5C%2Fevil.com", "https%3A%2F%2Fevil.com", "javascript%3Aalert(1)", "%252F%252Fevil.com"];
    for (const value of cases) {
      const res = await user.fetch(`/sign-in?redirect_url=${value}`);
      expect([303, 307, 308], value).toContain(res.status);
      const target = new URL(res.headers.get("location")!, app.url);
      expect(target.origin, value).toBe(app.url);
      expect(target.pathname, value).toBe("/studio");
    }
    const kept = await user.fetch(`/sign-in?redirect_url=${encodeURIComponent("/billing?tab=ledger")}`);
    expect(new URL(kept.headers.get("location")!, app.url).href).toBe(`${app.url}/billing?tab=ledger`);
  });

  it("builds checkout links on APP_URL, not on a Host or X-Forwarded-Host the client sent", async () => {
    const user = await Client.signIn(app, `redirects-host-${Date.now()}@example.com`);
    const res = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro" }, headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    expect(res.status).toBe(200);
    expect(new URL(res.body.url).origin).toBe(app.url);
  });
});

describe("redirects under Clerk", () => {
  let app: App;
  let behindProxy: App;
  beforeAll(async () => {
    [app, behindProxy] = await Promise.all([startApp({}, { auth: "clerk" }), startApp({ APP_URL: "https://studio.example.com" }, { auth: "clerk" })]);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), behindProxy?.stop()]);
  });

  it("sends a signed-out visitor to sign-in on APP_URL's origin, never the forged host's", async () => {
    const res = await rawRequest(`${behindProxy.url}/studio`, { headers: SPOOFED });
    expect(res.status).toBe(307);
    const target = new URL(res.location!);
    expect(target.origin).toBe("https://studio.example.com");
    expect(target.pathname).toBe("/sign-in");
    expect(target.searchParams.get("redirect_url")).toBe("/studio");
  });

  it("refuses a session token minted for another site of the same Clerk instance (authorizedParties)", async () => {
    const token = await mintSessionToken(app.clerk!.privateKey, { sub: `user_azp_${Date.now()}`, email: "azp@example.com", azp: "https://evil.example" });
    const res = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    const ours = await mintSessionToken(app.clerk!.privateKey, { sub: `user_azp_ok_${Date.now()}`, email: "azp-ok@example.com", azp: app.url });
    expect((await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${ours}` } })).status).toBe(200);
  });
});
