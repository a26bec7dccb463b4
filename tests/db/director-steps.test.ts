import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimCharacterTraining,
  claimGenerationStep,
  ensureCharacter,
  failGenerationStep,
  finishCharacter,
  finishGenerationStep,
  getCharacter,
  markGenerationStepRunning,
  setCharacterReference,
} from "../../lib/db/functions/director";
import { failGeneration, completeGeneration, sweepGenerations } from "../../lib/db/functions/generations";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";
import { createUser, reserve } from "./money";

// The step functions of a multi-step (Director) job on every backend: one claimant per step, one
// recorder of a step's end, one refund whoever fails the job, and steps closed when it ends.
// Its sweep case makes a job overdue, so no app server's sweeper may share the database.
describe.each(backendFactories({ ownDatabase: true }))("Director steps in SQL on $name", ({ open }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function directorJob(balance = 500) {
    const userId = uniqueUserId("dir");
    await createUser(b.db, userId, balance);
    const reserved = await reserve(b.db, userId, { kind: "director", model: "higgsfield-soul", provider: "higgsfield", price: 120, timeoutSeconds: 2700, params: { motion: "pan" } });
    if (reserved.code !== "ok") throw new Error(`could not reserve: ${JSON.stringify(reserved)}`);
    return { userId, id: reserved.generation!.id };
  }
  async function balanceOf(userId: string) {
    const [row] = await b.sql.query<{ balance: number }>("select balance from user_credits where user_id = $1", [userId]);
    return Number(row.balance);
  }
  async function refundsOf(id: string) {
    const [row] = await b.sql.query<{ n: number }>("select count(*)::int as n from credit_ledger where reason = 'refund' and ref = $1", [id]);
    return Number(row.n);
  }
  const claim = (id: string, index: number, name: string, leaseSeconds = 60) => claimGenerationStep(b.db, { id, index, name, leaseSeconds });

  it("grants the next step to one claimant of many at once, and only after the step before it succeeded", async () => {
    const { id } = await directorJob();
    const claims = await Promise.all(Array.from({ length: 12 }, () => claim(id, 0, "character")));
    expect(claims.filter((c) => c.code === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c.code === "held")).toHaveLength(11);

    // Step 1 waits for step 0.
    expect((await claim(id, 1, "keyframe")).code).toBe("held");
    expect((await markGenerationStepRunning(b.db, id, 0, "character:c1")).code).toBe("ok");
    expect((await claim(id, 1, "keyframe")).code).toBe("held");
    const finishes = await Promise.all(Array.from({ length: 8 }, () => finishGenerationStep(b.db, { id, index: 0, output: { referenceId: "ref-1" } })));
    expect(finishes.filter((f) => f.code === "ok")).toHaveLength(1);
    expect(finishes.filter((f) => f.code === "already_finished")).toHaveLength(7);

    const next = await Promise.all(Array.from({ length: 8 }, () => claim(id, 1, "keyframe")));
    expect(next.filter((c) => c.code === "claimed")).toHaveLength(1);
    const claimed = next.find((c) => c.code === "claimed")!;
    if (claimed.code !== "claimed") throw new Error("unreachable");
    expect(claimed.generation.steps).toMatchObject([
      { name: "character", status: "succeeded", provider_job_id: "character:c1", output: { referenceId: "ref-1" }, attempts: 1 },
      { name: "keyframe", status: "submitting", attempts: 1 },
    ]);
    // Skipping ahead is refused.
    expect((await claim(id, 3, "later")).code).toBe("held");
  });

  it("gives a step whose claimant died to another once its lease ran out, counting the attempt", async () => {
    const { id } = await directorJob();
    expect((await claim(id, 0, "character", 1)).code).toBe("claimed");
    expect((await claim(id, 0, "character", 1)).code).toBe("held");
    await new Promise((r) => setTimeout(r, 1_200));
    const again = await Promise.all(Array.from({ length: 6 }, () => claim(id, 0, "character", 60)));
    expect(again.filter((c) => c.code === "claimed")).toHaveLength(1);
    const [row] = await b.sql.query<{ steps: { attempts: number }[] }>("select steps from generations where id = $1", [id]);
    expect(row.steps[0].attempts).toBe(2);
    // Running steps are never reclaimed.
    await markGenerationStepRunning(b.db, id, 0, "character:c2");
    await new Promise((r) => setTimeout(r, 50));
    expect((await claim(id, 0, "character", 1)).code).toBe("held");
  });

  it("refunds once when a step fails, whoever else fails or sweeps the job at the same time", async () => {
    const { id, userId } = await directorJob(500);
    expect(await balanceOf(userId)).toBe(380);
    await claim(id, 0, "character");
    await markGenerationStepRunning(b.db, id, 0, "character:c3");
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => failGenerationStep(b.db, id, 0, { code: "character_failed", message: "no faces" })),
      ...Array.from({ length: 3 }, () => failGeneration(b.db, id, { code: "timeout", message: "late" })),
    ]);
    expect(results.filter((r) => r.code === "refunded")).toHaveLength(1);
    expect(await refundsOf(id)).toBe(1);
    expect(await balanceOf(userId)).toBe(500);
    // Nothing moves on a finished job.
    expect((await claim(id, 1, "keyframe")).code).toBe("already_finished");
    expect((await finishGenerationStep(b.db, { id, index: 0, output: {} })).code).toBe("already_finished");
  });

  it("closes steps when the job ends: cancelled when it failed, the last one succeeded with the job", async () => {
    const failed = await directorJob();
    await claim(failed.id, 0, "character");
    await markGenerationStepRunning(b.db, failed.id, 0, "character:c4");
    await failGeneration(b.db, failed.id, { code: "timeout", message: "late" });
    const [f] = await b.sql.query<{ steps: { status: string; finished_at: string }[] }>("select steps from generations where id = $1", [failed.id]);
    expect(f.steps[0]).toMatchObject({ status: "cancelled" });
    expect(f.steps[0].finished_at).toBeTruthy();

    const done = await directorJob();
    await claim(done.id, 0, "character");
    await markGenerationStepRunning(b.db, done.id, 0, "character:c5");
    await finishGenerationStep(b.db, { id: done.id, index: 0, output: { referenceId: "r" } });
    await claim(done.id, 1, "keyframe");
    await markGenerationStepRunning(b.db, done.id, 1, "req-k");
    await finishGenerationStep(b.db, { id: done.id, index: 1, providerJobId: "req-k", output: { keyframe: { key: "k" } } });
    await claim(done.id, 2, "shot");
    await markGenerationStepRunning(b.db, done.id, 2, "req-s");
    const [running] = await b.sql.query<{ provider_job_id: string; status: string }>("select provider_job_id, status from generations where id = $1", [done.id]);
    expect(running).toEqual({ provider_job_id: "req-s", status: "running" });
    await completeGeneration(b.db, done.id, [{ key: `${done.id}/0.mp4`, contentType: "video/mp4", size: 10 }]);
    const [d] = await b.sql.query<{ steps: { status: string }[] }>("select steps from generations where id = $1", [done.id]);
    expect(d.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  });

  it("sweeps a stepped job past its timeout once, cancelling its running step", async () => {
    const { id, userId } = await directorJob(500);
    await claim(id, 0, "character");
    await markGenerationStepRunning(b.db, id, 0, "character:c6");
    await b.sql.query("update generations set created_at = now() - interval '1 hour', timeout_seconds = 60 where id = $1", [id]);
    const sweeps = await Promise.all(Array.from({ length: 4 }, () => sweepGenerations(b.db, { queuedGraceSeconds: 90, limit: 500 })));
    expect(sweeps.filter((s) => s.swept.includes(id))).toHaveLength(1);
    expect(await refundsOf(id)).toBe(1);
    expect(await balanceOf(userId)).toBe(500);
  });

  it("keeps one character per user and set of anchors, trains it under one claim, and retrains one that failed", async () => {
    const userId = uniqueUserId("chr");
    await createUser(b.db, userId, 15);
    const input = { userId, provider: "higgsfield", anchorsHash: "hash-a", anchorKeys: ["anchors/x/a.png"], name: "Ava" };
    const ensured = await Promise.all(Array.from({ length: 8 }, () => ensureCharacter(b.db, input)));
    expect(ensured.filter((e) => e.code === "created")).toHaveLength(1);
    const ids = new Set(ensured.map((e) => e.character.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];

    const claims = await Promise.all(Array.from({ length: 8 }, () => claimCharacterTraining(b.db, id!, 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await setCharacterReference(b.db, id!, "ref-ava")).toMatchObject({ reference_id: "ref-ava", status: "training" });
    // Once the reference is recorded nobody trains it again.
    expect(await claimCharacterTraining(b.db, id!, 0)).toBe(false);
    const finished = await Promise.all(Array.from({ length: 4 }, () => finishCharacter(b.db, { id: id!, referenceId: "ref-ava", ready: false, error: "blurry" })));
    expect(finished.filter((f) => f !== null)).toHaveLength(1);
    expect(await getCharacter(b.db, userId, id!)).toMatchObject({ status: "failed", error: "blurry" });

    const again = await ensureCharacter(b.db, input);
    expect(again).toMatchObject({ code: "retrain", character: { id, status: "training", reference_id: null } });
    expect(await claimCharacterTraining(b.db, id!, 60)).toBe(true);
    await setCharacterReference(b.db, id!, "ref-ava-2");
    expect(await finishCharacter(b.db, { id: id!, referenceId: "ref-ava-2", ready: true })).toMatchObject({ status: "ready" });
    expect((await ensureCharacter(b.db, input)).code).toBe("existing");

    // Another user's id reads as nothing.
    expect(await getCharacter(b.db, `${userId}_other`, id!)).toBeNull();
    // A character is ready only with a reference.
    const other = await ensureCharacter(b.db, { ...input, anchorsHash: "hash-b" });
    expect(await finishCharacter(b.db, { id: other.character.id, referenceId: "", ready: true })).toBeNull();
  });
});
