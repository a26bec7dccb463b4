import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { uniqueUserId } from "../support/backends";
import { usesSharedDatabase } from "./app-database";
import { mintLocalSession, SESSION_COOKIE, tamperLocalSession } from "./local-cookies";

// The embedded default's sign-in, on the production build with LOCAL_AUTH=1.

let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const newEmail = (tag: string) => `${uniqueUserId(tag)}@example.com`.toLowerCase();

async function getMe(cookie?: string) {
  const res = await fetch(`${app.url}/api/me`, { headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {} });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe("local sign-in", () => {
  it("signs in with an email and sees 15 credits on /api/me", async () => {
    const email = newEmail("ada");
    const client = await Client.signIn(app, email, "Ada");
    const me = await client.json("/api/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, plan: "free", balance: 15 });
    expect(me.body.id).toMatch(/^local_[0-9a-f]{24}$/);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie for the whole site", async () => {
    const res = await fetch(`${app.url}/api/auth/local`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: newEmail("cookie") }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  it("the same email, in any case, always lands on the same account", async () => {
    const email = newEmail("same");
    const first = await (await Client.signIn(app, email)).json("/api/me");
    const again = await (await Client.signIn(app, email.toUpperCase())).json("/api/me");
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.balance).toBe(15);
  });

  it("refuses an invalid email with 400 invalid_request", async () => {
    const res = await new Client(app).json("/api/auth/local", { method: "POST", json: { email: "not-an-email" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
  });

  it("refuses a sign-in posted from another site (403)", async () => {
    const res = await fetch(`${app.url}/api/auth/local`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ email: newEmail("csrf") }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toHaveLength(0);
  });

  it("no cookie is 401 unauthenticated", async () => {
    const me = await getMe();
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("unauthenticated");
  });

  it("a tampered cookie is 401", async () => {
    const victim = newEmail("victim");
    await Client.signIn(app, victim);
    const res = await fetch(`${app.url}/api/auth/local`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: newEmail("attacker") }),
    });
    const own = /nexora_session=([^;]+)/.exec(res.headers.getSetCookie().join("\n"))![1];
    expect((await getMe(own)).status).toBe(200);
    const me = await getMe(tamperLocalSession(own, victim));
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("unauthenticated");
  });

  it("a cookie signed with a foreign secret is 401", async () => {
    const me = await getMe(mintLocalSession("another-deployment-secret-0123456789", newEmail("foreign")));
    expect(me.status).toBe(401);
  });

  it("an expired cookie is 401", async () => {
    const me = await getMe(mintLocalSession(app.env.AUTH_SECRET, newEmail("expired"), { expOffset: -60 }));
    expect(me.status).toBe(401);
  });

  it("sign-out clears the session", async () => {
    const client = await Client.signIn(app, newEmail("leaver"));
    expect((await client.json("/api/me")).status).toBe(200);
    const out = await client.fetch("/api/auth/local", { method: "DELETE" });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/i);
    const me = await client.json("/api/me");
    expect(me.status).toBe(401);
  });

  it("two first requests of a new user racing give 15 credits once", async () => {
    // A valid session the server has never seen: the first requests provision the user.
    const cookie = mintLocalSession(app.env.AUTH_SECRET, newEmail("race"));
    const results = await Promise.all(Array.from({ length: 8 }, () => getMe(cookie)));
    for (const r of results) expect(r).toMatchObject({ status: 200, body: { balance: 15 } });

    const email = newEmail("race-sign-in");
    const signIns = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${app.url}/api/auth/local`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email }),
        }).then((r) => r.json() as Promise<{ balance: number }>),
      ),
    );
    for (const s of signIns) expect(s.balance).toBe(15);
    expect((await getMe(mintLocalSession(app.env.AUTH_SECRET, email))).body.balance).toBe(15);
  });

  it.runIf(usesSharedDatabase())("two servers on one database provisioning the same new user give 15 credits once", async () => {
    const other = await startApp();
    try {
      const cookie = mintLocalSession(app.env.AUTH_SECRET, newEmail("two-servers"));
      const results = await Promise.all(
        [app, other, app, other].map((a) => fetch(`${a.url}/api/me`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })),
      );
      for (const r of results) expect(r.status).toBe(200);
      expect((await getMe(cookie)).body.balance).toBe(15);
    } finally {
      await other.stop();
    }
  });

  it("a signed-out visit to an app page redirects to sign-in with the way back", async () => {
    const res = await fetch(`${app.url}/billing`, { redirect: "manual" });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!, app.url);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("redirect_url")).toBe("/billing");
  });

  it("the sign-in page offers the local form, and sends a signed-in visitor on", async () => {
    const page = await fetch(`${app.url}/sign-in?redirect_url=%2Fbilling`, { redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="email"');
    const signUp = await fetch(`${app.url}/sign-up`, { redirect: "manual" });
    expect(signUp.status).toBe(200);
    expect(await signUp.text()).toContain("Create your studio");

    const client = await Client.signIn(app, newEmail("back"));
    const res = await client.fetch("/sign-in?redirect_url=%2Fbilling");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/billing");
    const offsite = await client.fetch("/sign-in?redirect_url=%2F%2Fevil.example.net");
    expect(offsite.headers.get("location")).toBe("/studio");
  });
});

describe("production without Clerk or LOCAL_AUTH=1", () => {
  let bare: App;

  beforeAll(async () => {
    bare = await startApp({ LOCAL_AUTH: undefined });
  });

  afterAll(async () => {
    await bare?.stop();
  });

  it("sign-in says what to configure", async () => {
    const res = await fetch(`${bare.url}/sign-in`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Sign-in is not configured");
    for (const name of ["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "CLERK_SECRET_KEY", "CLERK_JWT_KEY", "LOCAL_AUTH=1"]) {
      expect(html).toContain(name);
    }
  });

  it("every protected route answers 401, even to a correctly signed local cookie", async () => {
    const cookie = mintLocalSession(bare.env.AUTH_SECRET, newEmail("bare"));
    const res = await fetch(`${bare.url}/api/me`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  });

  it("the local sign-in refuses with what to configure (503)", async () => {
    const res = await new Client(bare).json("/api/auth/local", { method: "POST", json: { email: newEmail("bare") } });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain("LOCAL_AUTH=1");
  });
});
