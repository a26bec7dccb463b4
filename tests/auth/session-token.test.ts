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

  // Each value as it reaches the page, i.e. after the query string's own percent-decoding.
  const LEAVING: [string, string][] = [
    ["tab", "/\t/evil.com"],
    ["tab first", "/\t\t/evil.com"],
    ["carriage return", "/\r/evil.com"],
    ["line feed", "/\n/evil.com"],
    ["backslash", "/\\evil.com"],
    ["double slash", "//evil.com"],
    ["slash backslash", "/\\/evil.com"],
    ["encoded once more", "%2F%2Fevil.com"],
    ["encoded slash and tab", "%2F%09%2Fevil.com"],
    ["javascript:", "javascript:alert(1)"],
    ["absolute https", "https://evil.com/studio"],
    ["absolute http", "http://evil.com"],
    ["protocol relative with credentials", "//user@evil.com"],
    ["NUL", "/\u0000/evil.com"],
    ["DEL", "/\u007f/evil.com"],
    ["back to sign-in through dots", "/x/../sign-in"],
  ];
  for (const [name, raw] of LEAVING) {
    it(`refuses ${name}, falling back to the studio`, () => {
      expect(safeReturnPath(raw)).toBe("/studio");
    });
  }

  it("keeps paths that stay, normalised the way the browser will read them", () => {
    expect(safeReturnPath("/history?kind=video#top")).toBe("/history?kind=video#top");
    expect(safeReturnPath("/%2F/evil.com")).toBe("/%2F/evil.com");
    expect(new URL(safeReturnPath("/%2F/evil.com"), "https://studio.example").origin).toBe("https://studio.example");
    expect(safeReturnPath("/billing/../history")).toBe("/history");
  });
});
