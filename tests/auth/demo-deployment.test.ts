import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDemoDeployment } from "../../lib/deployment/is-demo-deployment";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import { startLemonSqueezyFake, type LemonSqueezyFake } from "../fakes/lemonsqueezy-fake";
import { STORE_ID } from "../fakes/lemonsqueezy-payloads";
import { LEMON_ENV } from "../billing/lemon-test-kit";
import { Client, startApp, type App } from "../support/app";
import { SHOTS, useBrowserApp } from "../support/browser-app";

describe("which deployments are demos", () => {
  it("is production with the local sign-in, and only that", () => {
    expect(isDemoDeployment({ NODE_ENV: "production", LOCAL_AUTH: "1" })).toBe(true);
    expect(isDemoDeployment({ NODE_ENV: "production" })).toBe(false);
    expect(isDemoDeployment({ NODE_ENV: "development", LOCAL_AUTH: "1" })).toBe(false);
    expect(isDemoDeployment({ NODE_ENV: "production", LOCAL_AUTH: "1", NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk", CLERK_SECRET_KEY: "sk" })).toBe(false);
  });
});

// LOCAL_AUTH=1 under next start (production) with every provider key and Lemon Squeezy set:
// anyone can sign in as anyone, so none of those keys may be used.
describe("a production LOCAL_AUTH=1 deployment with real keys set", () => {
  let fakes: ProviderFakes;
  let lemon: LemonSqueezyFake;
  let app: App;
  beforeAll(async () => {
    [fakes, lemon] = await Promise.all([startProviderFakes(), startLemonSqueezyFake()]);
    app = await startApp({
      ...fakes.env,
      ...LEMON_ENV,
      LEMON_SQUEEZY_API_KEY: lemon.apiKey,
      LEMON_SQUEEZY_STORE_ID: String(STORE_ID),
      LEMON_SQUEEZY_BASE_URL: lemon.url,
      IMAGE_WAIT_MS: "3000",
    });
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([fakes?.close(), lemon?.close()]);
  });

  it("says it is a demo in its health check", async () => {
    expect(await (await fetch(`${app.url}/api/health`)).json()).toMatchObject({ ok: true, demo: true });
  });

  it("runs generations on the demo provider: nothing reaches a real provider", async () => {
    const user = await Client.signIn(app, `demo-gen-${Date.now()}@example.com`);
    const image = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a demo lighthouse" } });
    expect(image.status).toBe(200);
    expect(image.body.generation.outputs[0].contentType).toBe("image/svg+xml");
    const video = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "a demo wave" } });
    expect(video.status).toBe(202);
    expect([...fakes.fal.requests, ...fakes.replicate.requests, ...fakes.openai.requests, ...fakes.higgsfield.requests]).toHaveLength(0);
  });

  it("sells plans through the local checkout only: nothing reaches Lemon Squeezy", async () => {
    const user = await Client.signIn(app, `demo-buy-${Date.now()}@example.com`);
    const checkout = await user.json("/api/lemon/checkout", { method: "POST", json: { plan: "pro" } });
    expect(checkout).toMatchObject({ status: 200, body: { url: `${app.url}/billing/local-checkout?plan=pro` } });
    const paid = await user.json("/api/lemon/local-checkout", { method: "POST", json: { plan: "pro" } });
    expect(paid.status).toBe(200);
    expect(lemon.requests).toHaveLength(0);
  });
});

describe("the demo banner in Chromium", () => {
  const session = useBrowserApp();

  it("shows on public and signed-in pages, desktop and phone", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    const signIn = await page.request.post(`${app.url}/api/auth/local`, { data: { email: `banner-${Date.now()}@example.com` } });
    expect(signIn.status()).toBe(200);
    for (const pathname of ["/", "/pricing", "/studio"]) {
      await page.goto(`${app.url}${pathname}`);
      await expect(page.getByTestId("demo-banner").textContent(), pathname).resolves.toContain("Anyone can sign in with any email");
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${app.url}/studio`);
    await page.getByTestId("demo-banner").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "demo-banner-375.png") });
    expect(errors).toEqual([]);
  });
});
