import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../support/app";
import { uniqueUserId } from "../support/backends";
import { withAppDatabase } from "./app-database";
import {
  CLERK_PUBLISHABLE_KEY,
  CLERK_SECRET_KEY,
  generateClerkKeys,
  mintSessionToken,
  sessionCookies,
  tamper,
  type ClerkKeys,
} from "./clerk-tokens";
import { startFakeClerkApi } from "./fake-clerk-api";

// The real clerkMiddleware and auth() of the production build, fed RS256 session tokens this test
// mints. The only Clerk the app can reach is a local fake of its Backend API, so everything here
// also proves that verifying a session needs no network.

let app: App;
let keys: ClerkKeys;
let clerkApi: Awaited<ReturnType<typeof startFakeClerkApi>>;
const rejectedSubs: string[] = [];

beforeAll(async () => {
  keys = await generateClerkKeys();
  clerkApi = await startFakeClerkApi(CLERK_SECRET_KEY);
  app = await startApp({
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
    CLERK_SECRET_KEY,
    CLERK_JWT_KEY: keys.publicPem,
    CLERK_API_URL: clerkApi.url,
  });
});

afterAll(async () => {
  await app?.stop();
  await clerkApi?.close();
});

type Transport = "bearer" | "cookie";

function withToken(token: string | null, transport: Transport): Record<string, string> {
  if (!token) return {};
  return transport === "bearer" ? { authorization: `Bearer ${token}` } : { cookie: sessionCookies(token) };
}

async function getMe(token: string | null, transport: Transport = "bearer") {
  const res = await fetch(`${app.url}/api/me`, { headers: withToken(token, transport), redirect: "manual" });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

const mint = (claims: Parameters<typeof mintSessionToken>[1]) => mintSessionToken(keys.privateKey, { azp: app.url, ...claims });

describe.each<Transport>(["bearer", "cookie"])("Clerk session token as %s", (transport) => {
  it("a valid token reaches the route as its sub, with 15 starter credits", async () => {
    const sub = uniqueUserId("user_clerk");
    const res = await getMe(await mint({ sub }), transport);
    expect(res.status, app.logs()).toBe(200);
    expect(res.body).toMatchObject({ id: sub, plan: "free", balance: 15 });
  });

  const rejected: [string, (sub: string) => Promise<string | null>][] = [
    ["an expired token", (sub) => mint({ sub, iatOffset: -600, nbfOffset: -600, expOffset: -300 })],
    ["a token not yet valid", (sub) => mint({ sub, iatOffset: 0, nbfOffset: 300, expOffset: 600 })],
    ["a token signed with another key", async (sub) => mintSessionToken((await generateClerkKeys()).privateKey, { sub, azp: app.url })],
    ["a tampered token", async (sub) => tamper(await mint({ sub: sub.slice(0, -1) }))],
    ["a token minted for another site (azp)", (sub) => mint({ sub, azp: "https://evil.example.net" })],
    ["no token", async () => null],
  ];

  it.each(rejected)("%s gets 401 unauthenticated", async (_name, makeToken) => {
    const sub = uniqueUserId("user_rejected");
    rejectedSubs.push(sub);
    const token = await makeToken(sub);
    const me = await getMe(token, transport);
    expect(me.status).toBe(401);
    expect(me.body?.error?.code).toBe("unauthenticated");

    // A route that would move credits is refused before it runs.
    const res = await fetch(`${app.url}/api/image/generate`, {
      method: "POST",
      headers: { ...withToken(token, transport), "content-type": "application/json" },
      body: JSON.stringify({ model: "flux-schnell", prompt: "a lighthouse at dusk" }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  });
});

describe("Clerk mode", () => {
  it("two first requests of a new user racing give 15 credits once", async () => {
    const sub = uniqueUserId("user_race");
    const token = await mint({ sub });
    const results = await Promise.all(Array.from({ length: 6 }, () => getMe(token)));
    for (const r of results) expect(r.status).toBe(200);
    expect((await getMe(token)).body.balance).toBe(15);
  });

  it("takes the email from a customised session token's claim, without calling Clerk", async () => {
    const sub = uniqueUserId("user_claim");
    const res = await getMe(await mint({ sub, email: `${sub}@Claims.Example.com` }));
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(`${sub}@claims.example.com`);
    await new Promise((r) => setTimeout(r, 300));
    expect(clerkApi.callsFor(sub)).toBe(0);
  });

  it("without an email claim, fetches the email from Clerk once, after the response, and keeps it", async () => {
    const sub = uniqueUserId("user_fetch");
    const token = await mint({ sub });
    expect((await getMe(token)).status).toBe(200);
    let email: string | null = null;
    for (let i = 0; i < 50 && !email; i++) {
      await new Promise((r) => setTimeout(r, 100));
      email = (await getMe(token)).body.email;
    }
    expect(email).toBe(`${sub}@example.com`);
    for (let i = 0; i < 3; i++) expect((await getMe(token)).status).toBe(200);
    expect(clerkApi.callsFor(sub)).toBe(1);
  });

  it("a Clerk API that never answers does not slow or fail a request", async () => {
    const sub = uniqueUserId("user_hang");
    const token = await mint({ sub });
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await getMe(token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: sub, email: null, balance: 15 });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect(clerkApi.callsFor(sub)).toBe(1);
  });

  it("a signed-out visit to an app page redirects to sign-in on the same origin, with the way back", async () => {
    const res = await fetch(`${app.url}/billing?tab=ledger`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!, app.url);
    // Next names a loopback address "localhost" in middleware redirects; any other host is kept.
    expect(location.port).toBe(new URL(app.url).port);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("redirect_url")).toBe("/billing?tab=ledger");
  });

  it("a forwarded host does not choose where the sign-in redirect goes (APP_URL does)", async () => {
    const res = await fetch(`${app.url}/billing`, {
      redirect: "manual",
      headers: { "x-forwarded-host": "studio.example.com", "x-forwarded-proto": "https" },
    });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!);
    expect(location.host).not.toBe("studio.example.com");
    expect(location.port).toBe(new URL(app.url).port);
    expect(`${location.pathname}${location.search}`).toBe("/sign-in?redirect_url=%2Fbilling");
  });

  it("a signed-in visit to an app page renders it", async () => {
    const res = await fetch(`${app.url}/billing`, { redirect: "manual", headers: withToken(await mint({ sub: uniqueUserId("user_page") }), "cookie") });
    expect(res.status).toBe(200);
    // The signed-in shell, not sign-in.
    expect(await res.text()).toContain("<aside");
  });

  it("public pages and routes need no session", async () => {
    for (const path of ["/", "/pricing", "/terms", "/sign-in", "/sign-up", "/api/health"]) {
      const res = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(200);
    }
  });

  it("the local sign-in does not exist (404)", async () => {
    const res = await fetch(`${app.url}/api/auth/local`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "someone@example.com" }),
    });
    expect(res.status).toBe(404);
  });

  it("rejected tokens changed nothing in the database", async () => {
    await app.stop();
    expect(rejectedSubs.length).toBeGreaterThan(0);
    const rows = await withAppDatabase(app, (sql) =>
      sql.query<{ n: number }>(
        `select (select count(*) from users where id like any($1))::int
              + (select count(*) from credit_ledger where user_id like any($1))::int
              + (select count(*) from generations where user_id like any($1))::int as n`,
        [["user\\_rejected\\_%"]],
      ),
    );
    expect(rows[0].n).toBe(0);
  });
});
