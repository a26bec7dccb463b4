import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startApp, type App } from "../support/app";
import { balanceOf, waitForFinish } from "./helpers";
import { seedUsers, uniqueEmail } from "./seed";

// POST /api/generations/:id/cancel on the embedded default: a job its provider has not started is
// cancelled and refunded once; one already rendering, or finished, is a 409 and goes on.
describe("cancelling a job", () => {
  let app: App;
  const growth = Array.from({ length: 4 }, (_, i) => uniqueEmail(`cancel${i}`));
  let next = 0;
  const signIn = () => Client.signIn(app, growth[next++]!);

  beforeAll(async () => {
    const dataDir = await seedUsers(growth.map((email) => ({ email, plan: "growth" as const, credits: 200 })));
    app = await startApp({ DATA_DIR: dataDir, DEMO_PROVIDERS: "1", GENERATION_POLL_INTERVAL_SECONDS: "0" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const start = async (user: Client, prompt: string) => {
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt } });
    expect(status, JSON.stringify(body)).toBe(202);
    return body.generation.id as string;
  };

  it("cancels a queued job, refunds it once, and refuses a second cancel", async () => {
    const user = await signIn();
    // A slow demo job waits in the provider's queue for its first seconds.
    const id = await start(user, "a storm rolls in [demo:slow]");
    expect(await balanceOf(user)).toBe(185);
    const cancels = await Promise.all([1, 2, 3].map(() => user.json(`/api/generations/${id}/cancel`, { method: "POST" })));
    expect(cancels.map((c) => c.status).sort()).toEqual([200, 409, 409]);
    const ok = cancels.find((c) => c.status === 200)!;
    expect(ok.body.generation).toMatchObject({ id, status: "failed", refunded: true, error: { code: "cancelled" } });
    expect(ok.body.balance).toBe(200);
    expect(await balanceOf(user)).toBe(200);
    expect((await waitForFinish(user, id)).status).toBe("failed");
    const again = await user.json(`/api/generations/${id}/cancel`, { method: "POST" });
    expect([again.status, again.body.error.code]).toEqual([409, "conflict"]);
    expect(await balanceOf(user)).toBe(200);
  });

  it("lets a job the provider already started run to the end", async () => {
    const user = await signIn();
    const id = await start(user, "waves at noon");
    await new Promise((r) => setTimeout(r, 800));
    const refused = await user.json(`/api/generations/${id}/cancel`, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("already started");
    expect((await waitForFinish(user, id)).status).toBe("succeeded");
    expect(await balanceOf(user)).toBe(185);
  });

  it("answers 404 for someone else's job and for an id that is not one, and changes nothing", async () => {
    const owner = await signIn();
    const stranger = await signIn();
    const id = await start(owner, "a quiet harbour [demo:slow]");
    for (const path of [`/api/generations/${id}/cancel`, "/api/generations/not-an-id/cancel"]) {
      const res = await stranger.json(path, { method: "POST" });
      expect([res.status, res.body.error.code]).toEqual([404, "not_found"]);
    }
    const { body } = await owner.json(`/api/generations/${id}`);
    expect(["queued", "running"]).toContain(body.generation.status);
    expect(await balanceOf(owner)).toBe(185);
    await owner.json(`/api/generations/${id}/cancel`, { method: "POST" });
  });
});
