// The job lifecycle the queue-style fakes share. A job moves queued → running → done either when
// it is polled (one step per status request after the first, so polling tests are deterministic) or when
// its timer fires (so webhook-only flows finish too). "never" and "slow" opt out of poll steps.
import type { FakeReply } from "./fake-server";
import type { FakeFault } from "./fault-marker";

export type FakePhase = "queued" | "running" | "done";

export type FakeJob = {
  id: string;
  endpoint: string;
  input: Record<string, unknown>;
  fault?: FakeFault;
  phase: FakePhase;
  cancelled: boolean;
  webhookUrl?: string;
  createdAt: Date;
  completedAt?: Date;
  polls: number;
};

export type FakeBehaviour = {
  /** Applies to every job, whatever its prompt says. */
  fault?: FakeFault;
  /** When a normal job finishes on its own, without being polled. */
  completeAfterMs: number;
  /** When a "slow" job finishes. */
  slowMs: number;
  /** Makes every status poll answer 500, hang, or garble, whatever the job; for transient-fault tests. */
  pollFault?: "500" | "timeout" | "malformed";
};

export const DEFAULT_BEHAVIOUR: FakeBehaviour = { completeAfterMs: 100, slowMs: 2_000 };

/** What a status poll answers under `pollFault`, or undefined to answer normally. */
export function pollFaultReply(behaviour: FakeBehaviour, status500: FakeReply): FakeReply | "hang" | undefined {
  if (behaviour.pollFault === "500") return status500;
  if (behaviour.pollFault === "timeout") return "hang";
  if (behaviour.pollFault === "malformed") return { status: 200, headers: { "content-type": "application/json" }, raw: '{"status": ' };
  return undefined;
}

export type FakeJobBook = {
  jobs: Map<string, FakeJob>;
  add(job: Omit<FakeJob, "phase" | "cancelled" | "createdAt" | "polls">): FakeJob;
  /** Called on each status request: advances the job one step when its fault allows. */
  poll(job: FakeJob): void;
  /** Cancels a job not yet done; answers whether it did. */
  cancel(job: FakeJob): boolean;
  stop(): void;
};

export function createFakeJobBook(behaviour: () => FakeBehaviour, onDone: (job: FakeJob) => void): FakeJobBook {
  const jobs = new Map<string, FakeJob>();
  const timers = new Set<NodeJS.Timeout>();

  const finish = (job: FakeJob) => {
    if (job.phase === "done") return;
    job.phase = "done";
    job.completedAt = new Date();
    onDone(job);
  };

  return {
    jobs,
    add(fields) {
      const job: FakeJob = { ...fields, phase: "queued", cancelled: false, createdAt: new Date(), polls: 0 };
      jobs.set(job.id, job);
      if (job.fault !== "never") {
        const delay = job.fault === "slow" ? behaviour().slowMs : behaviour().completeAfterMs;
        const timer = setTimeout(() => {
          timers.delete(timer);
          finish(job);
        }, delay);
        timer.unref();
        timers.add(timer);
      }
      return job;
    },
    poll(job) {
      job.polls += 1;
      // The first poll sees the job as submitted, so a poller observes queued, running, done.
      if (job.polls === 1) return;
      if (job.phase === "queued") job.phase = "running";
      else if (job.phase === "running" && job.fault !== "never" && job.fault !== "slow") finish(job);
    },
    cancel(job) {
      if (job.phase === "done") return false;
      job.cancelled = true;
      job.phase = "done";
      job.completedAt = new Date();
      return true;
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
