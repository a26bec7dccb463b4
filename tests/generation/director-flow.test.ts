import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { openPostgres } from "../../lib/db/postgres";
import { startProviderFakes, type ProviderFakes } from "../fakes";
import { Client, startApp, type App } from "../support/app";
import { anchorDataUrl, balanceOf, waitForFinish, type View } from "./helpers";
import { seedUser, seedUsers, uniqueEmail } from "./seed";
import { createTestDatabase } from "../support/postgres-database";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The Director through the app, the real request shapes and a Higgsfield fake that takes only each
// endpoint's documented fields and downloads every image it is given: three steps, a character
// kept and reused, a refund per failing step, a restart between steps, and "animate this image".
const CRON_SECRET = "test-cron-secret";
const LONG_SHOT = "acme/dop-long";

type Step = { name: string; status: string; preview?: string };
type DirectorView = View & { steps: Step[] | null; params: Record<string, unknown> };

// The app runs on a PostgreSQL database of its own when there is one: its jobs are left running
// across a restart and made overdue on purpose, and no other app's sweeper may pick them up.
let ownDatabase: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

async function refundsOf(generationId: string): Promise<number | null> {
  const url = ownDatabase?.url;
  if (!url) return null;
  const sql = openPostgres(url, { max: 1 });
  try {
    const [row] = await sql.query<{ n: number }>("select count(*)::int as n from credit_ledger where reason = 'refund' and ref = $1", [generationId]);
    return Number(row.n);
  } finally {
    await sql.close();
  }
}

describe("Director jobs against the provider fakes", () => {
  let fakes: ProviderFakes;
  let app: App;
  let dataDir = "";
  const pros = Array.from({ length: 12 }, (_, i) => uniqueEmail(`director${i}`));
  let next = 0;
  const proUser = () => Client.signIn(app, pros[next++]!);
  const env = () => ({
    DATA_DIR: dataDir,
    ...(ownDatabase ? { DATABASE_URL: ownDatabase.url } : {}),
    ...fakes.env,
    CRON_SECRET,
    SWEEP_INTERVAL_SECONDS: "0",
    GENERATION_POLL_INTERVAL_SECONDS: "0",
    DIRECTOR_STEP_LEASE_SECONDS: "2",
    // A shot model that makes 10 s clips is configured: the long shot exists and costs double.
    HIGGSFIELD_ENDPOINT_SHOT: LONG_SHOT,
    HIGGSFIELD_SHOT_DURATIONS: "5,10",
  });

  beforeAll(async () => {
    fakes = await startProviderFakes();
    fakes.higgsfield.deploy(LONG_SHOT, { like: "higgsfield-ai/dop/standard", fields: { duration: [5, 10] } });
    const shared = inject("databaseUrl");
    const users = pros.map((email) => ({ email, plan: "pro" as const, credits: 1000 }));
    if (shared) {
      ownDatabase = await createTestDatabase(shared);
      dataDir = mkdtempSync(path.join(tmpdir(), "nexora-director-"));
      const sql = openPostgres(ownDatabase.url, { max: 1 });
      try {
        for (const user of users) await seedUser(sql, user);
      } finally {
        await sql.close();
      }
    } else {
      dataDir = await seedUsers(users);
    }
    app = await startApp(env(), { auth: "clerk" });
  });
  beforeEach(() => {
    fakes.reset();
    fakes.higgsfield.setOptions({ fetchImages: true, trainingPolls: 2 });
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
    await ownDatabase?.drop();
  });

  const direct = (user: Client, json: Record<string, unknown>) => user.json("/api/video/director", { method: "POST", json: { motion: "zoom", ...json } });
  const posted = (pathname: string) => fakes.higgsfield.requests.filter((r) => r.method === "POST" && r.pathname === pathname);

  it("trains a character from uploaded anchors, makes its keyframe and animates it, each step recorded", async () => {
    const user = await proUser();
    const anchors = [anchorDataUrl(1), anchorDataUrl(2)];
    const { status, body } = await direct(user, { prompt: "she turns to the camera", anchors, characterName: "Ava", aspect: "9:16" });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.generation).toMatchObject({ kind: "director", price: 120, params: { anchorCount: 2, motion: "zoom", characterName: "Ava" } });
    expect(body.balance).toBe(880);

    const done = (await waitForFinish(user, body.generation.id, 20_000, 100)) as DirectorView;
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.steps!.map((s) => [s.name, s.status])).toEqual([["character", "succeeded"], ["keyframe", "succeeded"], ["shot", "succeeded"]]);
    expect(done.outputs[0]).toMatchObject({ contentType: "video/mp4" });
    expect((await user.fetch(done.outputs[0]!.url)).status).toBe(200);
    // The keyframe is kept and shown with its step.
    const keyframe = await user.fetch(done.steps![1]!.preview!);
    expect([keyframe.status, keyframe.headers.get("content-type")]).toEqual([200, "image/png"]);

    // What Higgsfield was sent: only fields each endpoint takes, and links it could download.
    expect(fakes.higgsfield.rejections).toEqual([]);
    const [training] = posted("/v1/custom-references");
    const links = (training!.body as { input_images: { image_url: string }[] }).input_images.map((i) => i.image_url);
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatch(new RegExp(`^${app.url}/api/files/anchors/.+\\?expires=\\d+&signature=`));
    const [keyframeCall] = posted("/higgsfield-ai/soul/character");
    expect(keyframeCall!.body).toMatchObject({ prompt: "she turns to the camera", aspect_ratio: "9:16", custom_reference_id: expect.any(String) });
    const [shot] = posted(`/${LONG_SHOT}`);
    const zoomIn = fakes.higgsfield.motions.find((m) => m.name === "Zoom In")!;
    expect(shot!.body).toMatchObject({ image_url: expect.stringContaining(`${app.url}/api/files/`), motions: [{ id: zoomIn.id, strength: 0.8 }] });
    expect(shot!.body).not.toHaveProperty("duration");
    expect(fakes.higgsfield.fetchedImages).toEqual(expect.arrayContaining([...links, (shot!.body as { image_url: string }).image_url]));

    // The links are the provider's alone: without the signature, or altered, they are 404s.
    const unsigned = links[0]!.split("?")[0]!;
    expect((await fetch(unsigned)).status).toBe(404);
    expect((await fetch(links[0]!.replace(/signature=[^&]+/, "signature=forged"))).status).toBe(404);
    expect((await fetch(links[0]!)).status).toBe(200);

    // Anchor bytes never come back, from any route.
    const seen = [
      JSON.stringify(body),
      JSON.stringify(done),
      JSON.stringify((await user.json("/api/generations?limit=10")).body),
      JSON.stringify((await user.json("/api/characters")).body),
    ].join("\n");
    for (const anchor of anchors) expect(seen).not.toContain(anchor.slice(22, 90));
    expect(seen).not.toContain("anchors/");

    const { body: saved } = await user.json("/api/characters");
    expect(saved.characters).toEqual([expect.objectContaining({ name: "Ava", status: "ready", anchorCount: 2 })]);
  });

  it("reuses a character: the same anchors again, or the saved one picked by id, train nothing new", async () => {
    const user = await proUser();
    const anchors = [anchorDataUrl(3)];
    const first = await direct(user, { prompt: "first take", anchors });
    await waitForFinish(user, first.body.generation.id, 20_000, 100);
    expect(posted("/v1/custom-references")).toHaveLength(1);

    const again = await direct(user, { prompt: "second take", anchors, motion: "pan" });
    expect((await waitForFinish(user, again.body.generation.id, 20_000, 100)).status).toBe("succeeded");
    const { body: list } = await user.json("/api/characters");
    expect(list.characters).toHaveLength(1);
    const picked = await direct(user, { prompt: "third take", characterId: list.characters[0].id, motion: "static" });
    expect(picked.status).toBe(202);
    expect((await waitForFinish(user, picked.body.generation.id, 20_000, 100)).status).toBe("succeeded");
    expect(posted("/v1/custom-references")).toHaveLength(1);
    expect(fakes.higgsfield.rejections).toEqual([]);

    // Renamed, and nobody else's to read, rename or use.
    const id = list.characters[0].id;
    expect((await user.json(`/api/characters/${id}`, { method: "PATCH", json: { name: "Hero" } })).body.character.name).toBe("Hero");
    const stranger = await proUser();
    expect((await stranger.json(`/api/characters/${id}`)).status).toBe(404);
    expect((await stranger.json(`/api/characters/${id}`, { method: "PATCH", json: { name: "Mine" } })).status).toBe(404);
    const before = await balanceOf(stranger);
    expect((await direct(stranger, { prompt: "borrowed face", characterId: id })).status).toBe(404);
    expect(await balanceOf(stranger)).toBe(before);
  });

  it.each([
    ["character", { characterName: "Blurry [fake:failed]" }, "a walk", "character_failed"],
    ["keyframe", {}, "a walk [fake:failed:soul]", "http"],
    ["shot", {}, "a walk [fake:moderation:dop]", "moderation"],
  ])("refunds once when the %s step fails", async (step, extra, prompt, code) => {
    const user = await proUser();
    const { status, body } = await direct(user, { prompt, anchors: [anchorDataUrl(10 + prompt.length + Object.keys(extra).length)], ...extra });
    // A step that fails while the request is still running it answers 502 (refunded) at once.
    expect([202, 502]).toContain(status);
    const id = status === 202 ? body.generation.id : body.error.details.generation.id;
    if (status === 502) expect(body.error.details).toMatchObject({ refunded: true, balance: 1000 });
    const done = (await waitForFinish(user, id, 20_000, 100)) as DirectorView;
    expect(done).toMatchObject({ status: "failed", refunded: true, error: { code } });
    const failedStep = done.steps!.find((s) => s.status === "failed");
    expect(failedStep?.name).toBe(step);
    expect(await balanceOf(user)).toBe(1000);
    const refunds = await refundsOf(done.id);
    if (refunds !== null) expect(refunds).toBe(1);
    // Polling a finished job again changes nothing.
    await waitForFinish(user, id);
    expect(await balanceOf(user)).toBe(1000);
  });

  it("charges 240 for a 10 s shot on a shot model that makes them, and tells that model the length", async () => {
    const user = await proUser();
    const { status, body } = await direct(user, { prompt: "a long walk", anchors: [anchorDataUrl(40)], duration: 10 });
    expect(status).toBe(202);
    expect(body.generation.price).toBe(240);
    expect(body.balance).toBe(760);
    expect((await waitForFinish(user, body.generation.id, 20_000, 100)).status).toBe("succeeded");
    expect(posted(`/${LONG_SHOT}`)[0]!.body).toMatchObject({ duration: 10 });
    expect(fakes.higgsfield.rejections).toEqual([]);
  });

  it("refuses bad anchors with a 400 that says why, and charges nothing", async () => {
    const user = await proUser();
    const cases: [Record<string, unknown>, string][] = [
      [{ anchors: [anchorDataUrl(0, 64)] }, "at least 256 pixels"],
      [{ anchors: [`data:image/png;base64,${Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>").toString("base64")}`] }, "not a PNG, JPEG or WebP"],
      [{ anchors: ["https://example.com/face.png"] }, "uploaded image"],
      [{}, "Upload one to four anchor images"],
      [{ anchors: [anchorDataUrl(1)], characterId: "00000000-0000-4000-8000-000000000000" }, "Upload one to four anchor images"],
    ];
    for (const [json, message] of cases) {
      const { status, body } = await direct(user, { prompt: "x", ...json });
      expect(status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect(JSON.stringify(body.error)).toContain(message);
    }
    expect(await balanceOf(user)).toBe(1000);
    expect(fakes.higgsfield.requests).toHaveLength(0);
  });

  it("resumes a job after the server is killed between steps, and finishes it", async () => {
    const user = await proUser();
    // The keyframe runs long at the provider; the server dies while it does.
    fakes.higgsfield.setBehaviour({ completeAfterMs: 60_000 });
    fakes.higgsfield.setOptions({ trainingPolls: 0 });
    const { body } = await direct(user, { prompt: "a survivor", anchors: [anchorDataUrl(50)] });
    const id = body.generation.id as string;
    for (let i = 0; i < 100; i++) {
      const { body: seen } = await user.json(`/api/generations/${id}`);
      if (seen.generation.steps?.[1]?.status === "running") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(posted("/higgsfield-ai/soul/character")).toHaveLength(1);
    await app.kill();

    fakes.higgsfield.setBehaviour({ completeAfterMs: 100 });
    app = await startApp(env(), { auth: "clerk" });
    // Nobody watches the job: the sweeper alone picks it up where it stopped.
    for (let i = 0; i < 60; i++) {
      await fetch(`${app.url}/api/cron/sweep`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
      const { body: seen } = await (await Client.signIn(app, pros[next - 1]!)).json(`/api/generations/${id}`);
      if (seen.generation.status === "succeeded" || seen.generation.status === "failed") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const again = await Client.signIn(app, pros[next - 1]!);
    const done = (await again.json(`/api/generations/${id}`)).body.generation as DirectorView;
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.steps!.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    // The keyframe that was running was collected, not sent again; the shot was sent once.
    expect(posted("/higgsfield-ai/soul/character")).toHaveLength(1);
    expect(posted(`/${LONG_SHOT}`)).toHaveLength(1);
    expect(await balanceOf(again)).toBe(880);
  }, 60_000);

  it("refunds a job past its timeout once and cancels the step still running at the provider", async () => {
    const url = ownDatabase?.url;
    if (!url) return; // the app's PGlite is its own process's; this needs PostgreSQL
    const user = await proUser();
    fakes.higgsfield.setBehaviour({ completeAfterMs: 600_000 });
    fakes.higgsfield.setOptions({ trainingPolls: 0 });
    const { body } = await direct(user, { prompt: "an endless take", anchors: [anchorDataUrl(60)] });
    const id = body.generation.id as string;
    let keyframeJob: string | undefined;
    for (let i = 0; i < 100 && !keyframeJob; i++) {
      await user.json(`/api/generations/${id}`);
      keyframeJob = posted("/higgsfield-ai/soul/character").length ? [...fakes.higgsfield.jobs.keys()].at(-1) : undefined;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(keyframeJob).toBeDefined();
    const sql = openPostgres(url, { max: 1 });
    try {
      await sql.query("update generations set created_at = now() - interval '2 hours' where id = $1", [id]);
    } finally {
      await sql.close();
    }
    const swept = await fetch(`${app.url}/api/cron/sweep`, { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(swept.status).toBe(200);
    const done = (await user.json(`/api/generations/${id}`)).body.generation as DirectorView;
    expect(done).toMatchObject({ status: "failed", refunded: true, error: { code: "timeout" } });
    expect(done.steps!.map((s) => s.status)).toEqual(["succeeded", "cancelled"]);
    expect(posted(`/requests/${keyframeJob}/cancel`)).toHaveLength(1);
    expect(await refundsOf(id)).toBe(1);
    expect(await balanceOf(user)).toBe(1000);
  });

  it("animates the user's own image with a model's image-to-video endpoint, through a signed link", async () => {
    const user = await proUser();
    const image = await user.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "a red kite" } });
    const still = image.status === 200 ? image.body.generation : await waitForFinish(user, image.body.generation.id);
    expect(still.status).toBe("succeeded");

    fakes.reset();
    const { status, body } = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "the kite flies", imageFrom: still.id } });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.generation.params).toMatchObject({ imageFrom: still.id });
    expect(JSON.stringify(body)).not.toContain("signature=");
    const done = await waitForFinish(user, body.generation.id, 20_000, 100);
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    const [submit] = fakes.fal.requests.filter((r) => r.method === "POST");
    expect(submit!.pathname).toBe("/fal-ai/kling-video/v3/standard/image-to-video");
    const link = (submit!.body as { start_image_url: string }).start_image_url;
    expect(link).toMatch(new RegExp(`^${app.url}/api/files/${still.id}/0\\.png\\?expires=`));
    const file = await fetch(link);
    expect([file.status, file.headers.get("content-type")]).toEqual([200, "image/png"]);

    // Another user's image is a 404; a failed image or a video is a 400; nothing is charged.
    const stranger = await proUser();
    const before = await balanceOf(stranger);
    expect((await stranger.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "mine now", imageFrom: still.id } })).status).toBe(404);
    const failed = await stranger.json("/api/image/generate", { method: "POST", json: { model: "flux-schnell", prompt: "x [fake:failed]" } });
    const failedId = failed.body.error?.details?.generation?.id ?? failed.body.generation?.id;
    await waitForFinish(stranger, failedId).catch(() => null);
    const afterFailed = await balanceOf(stranger);
    const refused = await stranger.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "x", imageFrom: failedId } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("finished image");
    const video = await user.json("/api/video/generate", { method: "POST", json: { model: "kling-3.0", prompt: "x", imageFrom: done.id } });
    expect(video.status).toBe(400);
    expect(video.body.error.message).toContain("Only an image");
    expect(await balanceOf(stranger)).toBe(afterFailed);
    expect(afterFailed).toBe(before);
  });
});
