import { expect, it } from "vitest";
import { ProviderError, TransientProviderError, type Provider } from "@/lib/providers/types";
import type { FakeBehaviour } from "../fakes/fake-job-book";
import type { RecordedRequest } from "../fakes/fake-server";
import { pollJobUntilDone } from "../support/poll-job-until-done";
import { failureOf, jobInput, jobRef } from "./job-input";

type QueueFake = { requests: RecordedRequest[]; setBehaviour(next: Partial<FakeBehaviour>): void };

type Subject = {
  provider: () => Provider;
  fake: () => QueueFake;
  /** The catalog model the shared cases run on. */
  modelId: string;
  /** A provider pointed at the fake with a key the fake refuses. */
  withWrongKey: () => Provider;
  /** A provider built with no key at all. */
  withoutKey: () => Provider;
  /** Status requests the fake saw, where the adapter promises a single one per poll. */
  statusRequests?: (fake: QueueFake) => number;
};

/**
 * The fault cases every queue provider (submit, then poll) must meet against its fake: a
 * failing submit is a ProviderError of the right kind at once and without retries, a failed
 * job is a failed state, a poll that hits a fault is transient, and a refused key is a 401.
 */
export function itMeetsQueueFaults(s: Subject) {
  const submitted = async (prompt: string) =>
    ((await s.provider().submit(jobInput(s.modelId, prompt))) as { providerJobId: string }).providerJobId;
  const pollUntilDone = (id: string) => pollJobUntilDone(s.provider(), jobRef(s.modelId), id);

  it.each([
    ["500", "http"],
    ["timeout", "timeout"],
    ["malformed", "malformed"],
    ["rejected", "rejected"],
  ])("fails a submit that meets [fake:%s] as %s, at once", async (fault, kind) => {
    const { error, ms } = await failureOf(() => s.provider().submit(jobInput(s.modelId, `a fox [fake:${fault}]`)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure.kind).toBe(kind);
    expect(ms).toBeLessThan(2_000);
    // One request: no retry storm.
    expect(s.fake().requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it.each([
    ["moderation", "moderation"],
    ["empty", "empty_output"],
    ["failed", "http"],
  ])("reports [fake:%s] as a failed job (%s)", async (fault, kind) => {
    const id = await submitted(`x [fake:${fault}]`);
    const started = Date.now();
    expect((await pollUntilDone(id)).at(-1)).toMatchObject({ status: "failed", providerJobId: id, failure: { kind } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("succeeds with an output URL that 404s for [fake:404-output], for storage to catch", async () => {
    const id = await submitted("x [fake:404-output]");
    const done = (await pollUntilDone(id)).at(-1) as { status: string; outputs: Array<{ url: string }> };
    expect(done.status).toBe("succeeded");
    expect((await fetch(done.outputs[0]!.url)).status).toBe(404);
  });

  it("keeps a job that never finishes running", async () => {
    const id = await submitted("x [fake:never]");
    expect((await pollUntilDone(id)).at(-1)!.status).toBe("running");
  });

  it.each(["500", "timeout", "malformed"] as const)("treats a status poll that meets %s as transient, quickly", async (pollFault) => {
    s.fake().setBehaviour({ completeAfterMs: 60_000 });
    const id = await submitted("x");
    s.fake().setBehaviour({ pollFault });
    const { error, ms } = await failureOf(() => s.provider().status(jobRef(s.modelId), id));
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(ms).toBeLessThan(2_000);
    if (s.statusRequests) expect(s.statusRequests(s.fake())).toBe(1);
  });

  it("is unavailable without a key, and a wrong key fails the submit", async () => {
    expect(s.withoutKey().available()).toBe(false);
    const { error } = await failureOf(() => s.withWrongKey().submit(jobInput(s.modelId)));
    expect((error as ProviderError).failure).toMatchObject({ kind: "http", providerStatus: 401 });
  });
}
