import { describe, expect, it } from "vitest";
import { phaseOf, waiting } from "@/app/(app)/studio/job-phase";

describe("a Studio job's phase", () => {
  it("says queued before dispatch, how many wait ahead at the provider, then rendering", () => {
    expect(phaseOf({ status: "queued", queuePosition: null })).toBe("Queued");
    expect(phaseOf({ status: "running", queuePosition: 2 })).toBe("In queue, 2 ahead");
    expect(phaseOf({ status: "running", queuePosition: 0 })).toBe("Next in queue");
    expect(phaseOf({ status: "running", queuePosition: null })).toBe("Rendering");
    expect(phaseOf({ status: "running" })).toBe("Rendering");
    expect([waiting({ status: "running", queuePosition: 1 }), waiting({ status: "running", queuePosition: null }), waiting({ status: "queued", queuePosition: 3 })]).toEqual([true, false, false]);
  });
});
