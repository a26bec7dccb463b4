import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { balanceOf, PNG_ANCHOR, waitForFinish, type View } from "./helpers";
import { seedUsers, uniqueEmail } from "./seed";

// Nothing configured: the embedded demo provider serves every image, video and director model.
describe("generation with the demo provider", () => {
  let app: App;
  const growth = uniqueEmail("growth");
  const pro = uniqueEmail("pro");
  const broke = uniqueEmail("broke");

  beforeAll(async () => {
    const dataDir = await seedUsers([
      { email: growth, plan: "growth", credits: 200 },
      { email: pro, plan: "pro", credits: 1000 },
      { email: broke, credits: 0 },
    ]);
    app = await startApp({ DATA_DIR: dataDir, SWEEP_INTERVAL_SECONDS: "2", GENERATION_POLL_INTERVAL_SECONDS: "0", IMAGE_WAIT_MS: "3000" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const signIn = (email = uniqueEmail("free")) => Client.signIn(app, email);

  it("makes a marked demo image at once and charges its price", async () => {
    const user = await signIn();
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a lighthouse at dusk" } });
    expect(status).toBe(200);
    expect(body.balance).toBe(10);
    const generation = body.generation as View;
    expect(generation).toMatchObject({ status: "succeeded", refunded: false, price: 5, model: "flux-schnell", kind: "image" });
    expect(generation.outputs).toHaveLength(1);
    expect(generation.outputs[0].url).toMatch(new RegExp(`^/api/artifacts/${generation.id}/0\\.svg$`));

    const file = await user.fetch(generation.outputs[0].url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/svg+xml");
    expect(file.headers.get("content-security-policy")).toContain("sandbox");
    const svg = await file.text();
    expect(svg).toContain(">DEMO<");
    expect(svg).toContain("a lighthouse at dusk");
    expect(await balanceOf(user)).toBe(10);

    // The same prompt draws the same picture.
    const again = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a lighthouse at dusk" } });
    expect(again.status).toBe(200);
    expect(await (await user.fetch(again.body.generation.outputs[0].url)).text()).toBe(svg);
    expect(again.body.balance).toBe(5);
  });

  it("serves the Studio with the catalog's models, prices, locks and the balance", async () => {
    const user = await signIn();
    const res = await user.fetch("/studio");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Studio");
    expect(html).toContain("FLUX.1 schnell");
    expect(html).toContain("Growth plan");
    expect(html).toMatch(/15<!-- --> credits|15 credits/);
  });

  it("refunds a [demo:fail] image exactly once and says so", async () => {
    const user = await signIn();
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "gpt-image-flare", prompt: "a broken robot [demo:fail]" } });
    expect(status).toBe(502);
    expect(body.error.code).toBe("provider_failed");
    expect(body.error.message).toMatch(/refunded/);
    expect(body.error.details).toMatchObject({ refunded: true, balance: 15 });
    expect(await balanceOf(user)).toBe(15);
    const { body: status2 } = await user.json(`/api/generations/${body.error.details.generation.id}`);
    expect(status2.generation).toMatchObject({ status: "failed", refunded: true, outputs: [] });
  });

  it("answers 202 for an image that takes longer than the short wait, and keeps it running", async () => {
    const user = await signIn();
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a slow sunrise [demo:slow]" } });
    expect(status).toBe(202);
    expect(body.generation.status).toBe("running");
    expect(body.balance).toBe(10);
    expect((await user.json(`/api/generations/${body.generation.id}`)).body.generation.status).toBe("running");
  });

  it("answers 202 for a video at once, then finishes it with a real MP4 clip marked DEMO when polled", async () => {
    const user = await signIn();
    const started = Date.now();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "waves on a black beach" } });
    expect(status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(body.balance).toBe(7);
    expect(["queued", "running"]).toContain(body.generation.status);
    expect(body.generation.params).toMatchObject({ duration: 5, aspect: "16:9" });

    const done = await waitForFinish(user, body.generation.id);
    expect(done).toMatchObject({ status: "succeeded", refunded: false });
    expect(done.outputs[0]).toMatchObject({ contentType: "video/mp4" });
    const file = await user.fetch(done.outputs[0].url);
    expect(file.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("ascii")).toBe("ftyp");
    expect(bytes.length).toBe(done.outputs[0].size);
    expect(await balanceOf(user)).toBe(7);
  });

  it("charges twice the price for the long clip (Luma's is 9 s)", async () => {
    const user = await Client.signIn(app, growth);
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "luma-ray-2", prompt: "slow pan over dunes", duration: 9 } });
    expect(status).toBe(202);
    expect(body.generation.price).toBe(50);
    expect(body.balance).toBe(150);
    await waitForFinish(user, body.generation.id);
  });

  it("refuses a 10 second Director shot with a 400 that says shots are 5 s, and charges nothing", async () => {
    const user = await Client.signIn(app, pro);
    const before = await balanceOf(user);
    const { status, body } = await user.json("/api/video/director", {
      method: "POST",
      json: { prompt: "a long walk", anchors: [PNG_ANCHOR], motion: "dolly", duration: 10 },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(JSON.stringify(body.error.details)).toContain("makes clips of 5 seconds");
    expect(await balanceOf(user)).toBe(before);
  });

  it("runs the director with anchors and a camera motion for a pro user", async () => {
    const user = await Client.signIn(app, pro);
    const { status, body } = await user.json("/api/video/director", {
      method: "POST",
      json: { prompt: "the hero turns to camera", anchors: [PNG_ANCHOR, PNG_ANCHOR], motion: "orbit" },
    });
    expect(status).toBe(202);
    expect(body.generation).toMatchObject({ model: "higgsfield-soul", kind: "director", price: 120 });
    expect(body.balance).toBe(880);
    const done = await waitForFinish(user, body.generation.id);
    expect(done.status).toBe("succeeded");
    expect(done.outputs[0]).toMatchObject({ contentType: "video/mp4" });
    const bytes = Buffer.from(await (await user.fetch(done.outputs[0].url)).arrayBuffer());
    expect(bytes.subarray(4, 8).toString("ascii")).toBe("ftyp");
    // Anchor images never come back in the view: it says how many there were.
    expect(done.params).toMatchObject({ motion: "orbit", anchorCount: 2 });
    expect(JSON.stringify(done)).not.toContain(PNG_ANCHOR.slice(30, 80));
    expect(JSON.stringify((await user.json("/api/generations?limit=5")).body)).not.toContain(PNG_ANCHOR.slice(30, 80));
  });

  it("refunds a [demo:hang] video through the sweeper after the demo timeout", async () => {
    const user = await signIn();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "a clock that stops [demo:hang]" } });
    expect(status).toBe(202);
    expect(await balanceOf(user)).toBe(7);
    // Nobody polls: the sweeper's timer alone must end it once its 30 s are up.
    await new Promise((r) => setTimeout(r, 33_000));
    const { body: after } = await user.json(`/api/generations/${body.generation.id}`);
    expect(after.generation).toMatchObject({ status: "failed", refunded: true, error: { code: "timeout" } });
    expect(await balanceOf(user)).toBe(15);
  }, 60_000);

  it("refuses a model above the user's plan with 403 and reserves nothing", async () => {
    const user = await signIn();
    const cases: [string, unknown, string][] = [
      ["/api/image/generate", { model: "gpt-image-sunburst", prompt: "a cat" }, "growth"],
      ["/api/image/generate", { model: "nano-banana-2", prompt: "a cat" }, "growth"],
      ["/api/video/generate", { model: "runway-gen-4.5", prompt: "a cat" }, "pro"],
      ["/api/video/director", { prompt: "a cat", anchors: [PNG_ANCHOR], motion: "pan" }, "pro"],
    ];
    for (const [path, json, plan] of cases) {
      const { status, body } = await user.json(path, { method: "POST", json });
      expect(status, path).toBe(403);
      expect(body.error).toMatchObject({ code: "plan_required", details: { requiredPlan: plan } });
    }
    const growthUser = await Client.signIn(app, growth);
    const { status } = await growthUser.json("/api/video/generate", { method: "POST", json: { model: "seedance-2.0", prompt: "a cat" } });
    expect(status).toBe(403);
    expect(await balanceOf(user)).toBe(15);
    expect((await user.json("/api/generations")).body.items).toEqual([]);
  });

  it("answers 402 with the price and balance when credits fall short", async () => {
    const user = await Client.signIn(app, broke);
    const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a cat" } });
    expect(status).toBe(402);
    expect(body.error).toMatchObject({ code: "insufficient_credits", details: { price: 5, balance: 0 } });
    expect((await user.json("/api/generations")).body.items).toEqual([]);
  });

  it("answers 429 past the plan's jobs in flight", async () => {
    const user = await signIn();
    const first = await user.json("/api/video/generate", { method: "POST", json: { model: "wan-2.1-turbo", prompt: "a slow river [demo:slow]" } });
    expect(first.status).toBe(202);
    const second = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a cat" } });
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({ code: "too_many_jobs", details: { limit: 1 } });
    expect(await balanceOf(user)).toBe(7);
  });

  it("rejects invalid requests with 400 and the zod issues", async () => {
    const user = await signIn();
    const cases: [string, unknown][] = [
      ["/api/image/generate", { model: "flux-schnell", prompt: "" }],
      ["/api/image/generate", { model: "flux-schnell", prompt: "x".repeat(2001) }],
      ["/api/video/generate", { model: "runway-gen-4.5", prompt: "x".repeat(1001) }],
      ["/api/image/generate", { model: "no-such-model", prompt: "a cat" }],
      ["/api/image/generate", { model: "wan-2.1-turbo", prompt: "a cat" }],
      ["/api/image/generate", { model: "gpt-image-flare", prompt: "a cat", size: "1792x1024" }],
      ["/api/image/generate", { model: "dall-e-2", prompt: "a cat" }],
      ["/api/video/generate", { model: "luma-ray-2", prompt: "a cat", aspect: "1:1" }],
      ["/api/image/generate", { model: "flux-schnell", prompt: "a cat", size: "1024x1024" }],
      ["/api/image/generate", { model: "flux-schnell", prompt: "a cat", extra: true }],
      ["/api/video/generate", { model: "wan-2.1-turbo", prompt: "a cat", duration: 7 }],
      ["/api/video/generate", { model: "flux-schnell", prompt: "a cat" }],
      ["/api/video/director", { prompt: "a cat", anchors: [], motion: "pan" }],
      ["/api/video/director", { prompt: "a cat", anchors: Array(5).fill(PNG_ANCHOR), motion: "pan" }],
      ["/api/video/director", { prompt: "a cat", anchors: [PNG_ANCHOR], motion: "spin" }],
      ["/api/video/director", { prompt: "a cat", anchors: ["ftp://example.com/a.png"], motion: "pan" }],
    ];
    for (const [path, json] of cases) {
      const { status, body } = await user.json(path, { method: "POST", json });
      expect(status, JSON.stringify(json).slice(0, 120)).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(Array.isArray(body.error.details)).toBe(true);
    }
    const malformed = await user.fetch("/api/image/generate", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(await balanceOf(user)).toBe(15);
  });

  it("answers 401 to every generation route without a session", async () => {
    const anonymous = new Client(app);
    for (const [method, path] of [
      ["POST", "/api/image/generate"],
      ["POST", "/api/video/generate"],
      ["POST", "/api/video/director"],
      ["GET", "/api/generations"],
      ["GET", "/api/generations/00000000-0000-0000-0000-000000000000"],
      ["GET", "/api/artifacts/00000000-0000-0000-0000-000000000000/0.svg"],
    ]) {
      const { status, body } = await anonymous.json(path, { method, ...(method === "POST" ? { json: { model: "flux-schnell", prompt: "a cat" } } : {}) });
      expect(status, path).toBe(401);
      expect(body.error.code).toBe("unauthenticated");
    }
  });

  it("gives the same generation back for a repeated Idempotency-Key and charges once", async () => {
    const user = await signIn();
    const request = { model: "flux-schnell", prompt: "one cat, once" };
    const first = await user.json("/api/image/generate", { method: "POST", json: request, headers: { "idempotency-key": "key-1" } });
    expect(first.status).toBe(200);
    const second = await user.json("/api/image/generate", { method: "POST", json: request, headers: { "idempotency-key": "key-1" } });
    expect(second.status).toBe(200);
    expect(second.body.generation.id).toBe(first.body.generation.id);
    expect(await balanceOf(user)).toBe(10);

    const conflict = await user.json("/api/image/generate", { method: "POST", json: { ...request, prompt: "two cats" }, headers: { "idempotency-key": "key-1" } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("idempotency_conflict");

    // Concurrent resends of a new key still reserve once.
    const video = { model: "wan-2.1-turbo", prompt: "waves" };
    const burst = await Promise.all(
      Array.from({ length: 4 }, () => user.json("/api/video/generate", { method: "POST", json: video, headers: { "idempotency-key": "key-2" } })),
    );
    expect(new Set(burst.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(burst.map((r) => r.body.generation.id)).size).toBe(1);
    expect(await balanceOf(user)).toBe(2);
  });

  it("lists history newest first with cursor paging, and hides other users' generations", async () => {
    const user = await signIn();
    const ids: string[] = [];
    for (const prompt of ["first", "second", "third"]) {
      const { status, body } = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt } });
      expect(status).toBe(200);
      ids.push(body.generation.id);
    }
    const page1 = await user.json("/api/generations?limit=2");
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((g: View) => g.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await user.json(`/api/generations?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((g: View) => g.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();
    expect(page1.body.items[0].outputs[0].url).toMatch(/^\/api\/artifacts\//);

    const other = await signIn();
    const theirs = await other.json(`/api/generations/${ids[0]}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("not_found");
    expect((await other.fetch(page1.body.items[0].outputs[0].url)).status).toBe(404);
    expect((await other.json("/api/generations/not-a-uuid")).status).toBe(404);
    expect((await other.json("/api/generations")).body.items).toEqual([]);
    expect((await user.json("/api/generations?cursor=garbage")).status).toBe(400);
  });
});
