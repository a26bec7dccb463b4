import { describe, expect, it } from "vitest";
import { applyLemonEvent } from "../../lib/billing/webhooks/apply-lemon-event";
import type { Db } from "../../lib/db/types";
import { subscriptionObject, VARIANTS, webhookBody } from "../fakes/lemonsqueezy-payloads";

/** A database whose apply_lemon_event fails with `codes` in turn, then applies. */
function databaseFailingWith(codes: string[]) {
  const calls: string[] = [];
  const db: Db = {
    kind: "postgres",
    async rpc<T>(fn: string): Promise<T> {
      calls.push(fn);
      if (fn === "apply_lemon_event") {
        const code = codes.shift();
        if (code) throw Object.assign(new Error(`sqlstate ${code}`), { code });
        return { code: "processed", user_id: "u1", balance: 1000 } as T;
      }
      return undefined as T;
    },
    async close() {},
  };
  return { db, calls };
}

const event = {
  id: 7,
  event_name: "subscription_created",
  payload: JSON.parse(webhookBody("subscription_created", subscriptionObject({ id: "41", variantId: VARIANTS.pro, status: "active", updatedAt: "2026-11-23T10:00:00.000000Z" }), "u1")),
};

describe("applying a billing event when PostgreSQL aborts it for another transaction's sake", () => {
  it("runs it again after a deadlock or a serialization failure", async () => {
    const { db, calls } = databaseFailingWith(["40P01", "40001"]);
    expect((await applyLemonEvent(db, event)).code).toBe("processed");
    expect(calls.filter((fn) => fn === "apply_lemon_event")).toHaveLength(3);
  });

  it("gives up after three attempts and reports the failure, so the webhook answers 500 and Lemon Squeezy retries", async () => {
    const { db, calls } = databaseFailingWith(["40P01", "40P01", "40P01", "40P01"]);
    expect(await applyLemonEvent(db, event)).toMatchObject({ code: "failed", sqlState: "40P01" });
    expect(calls.filter((fn) => fn === "apply_lemon_event")).toHaveLength(3);
  });

  it("does not run again what failed for any other reason", async () => {
    const { db, calls } = databaseFailingWith(["23514"]);
    expect(await applyLemonEvent(db, event)).toMatchObject({ code: "failed", sqlState: "23514" });
    expect(calls.filter((fn) => fn === "apply_lemon_event")).toHaveLength(1);
  });
});
