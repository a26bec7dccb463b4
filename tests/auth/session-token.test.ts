import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionToken, localUserId, verifySessionToken } from "../../lib/auth/local-session";
import { safeReturnPath } from "../../lib/auth/safe-return-path";
import { mintLocalSession, tamperLocalSession } from "./local-cookies";

const SECRET = "unit-test-auth-secret-0123456789";
const saved = process.env.AUTH_SECRET;
beforeAll(() => {
  process.env.AUTH_SECRET = SECRET;
});
afterAll(() => {
  if (saved === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = saved;
});

describe("local session token", () => {
  it("round-trips and names the same user for the same email in any case", async () => {
    const session = await verifySessionToken(await createSessionToken("Ada@Example.com", "Ada"));
    expect(session).toMatchObject({ uid: localUserId("ada@example.com"), email: "ada@example.com", name: "Ada" });
  });

  it("refuses an edited payload, a foreign secret, an expired token and garbage", async () => {
    const good = await createSessionToken("ada@example.com", null);
    expect(await verifySessionToken(tamperLocalSession(good, "eve@example.com"))).toBeNull();
    expect(await verifySessionToken(mintLocalSession("some-other-secret", "ada@example.com"))).toBeNull();
    expect(await verifySessionToken(mintLocalSession(SECRET, "ada@example.com", { expOffset: -1 }))).toBeNull();
    for (const junk of ["", ".", "abc", "abc.def", `${good}x`, good.split(".")[0]]) {
      expect(await verifySessionToken(junk)).toBeNull();
    }
  });
});

describe("the way back after sign-in", () => {
  it("stays on this site", () => {
    expect(safeReturnPath("/billing?tab=ledger")).toBe("/billing?tab=ledger");
    expect(safeReturnPath(["/history", "/billing"])).toBe("/history");
    for (const bad of [undefined, "", "billing", "//evil.example", "/\\evil.example", "https://evil.example/x", "/sign-in", "/sign-up?x=1"]) {
      expect(safeReturnPath(bad)).toBe("/studio");
    }
  });
});
