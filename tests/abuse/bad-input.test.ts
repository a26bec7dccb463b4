import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/openapi/document";
import { OPERATIONS, type Operation } from "../../lib/openapi/operations";
import { Client, startApp, type App } from "../support/app";
import { anchorDataUrl } from "../generation/helpers";
import { seedUsers, uniqueEmail } from "../generation/seed";

// Generated bad input at every signed-in route that takes a JSON body, found through the OpenAPI
// description (which a test keeps in step with the routes on disk): wrong types, values past their
// limits, unknown fields, malformed JSON, the wrong content type, oversized bodies. Every answer must
// be a 4xx with the error body of SPEC section 4, never a 500, and nothing may be charged or made.

/** A valid body per operation, the seed each bad input is made from. */
const VALID: Record<string, unknown> = {
  "POST /api/image/generate": { model: "flux-schnell", prompt: "a lighthouse" },
  "POST /api/video/generate": { model: "kling-3.0", prompt: "waves" },
  "POST /api/video/director": { prompt: "a hero", motion: "pan", anchors: [anchorDataUrl(3)] },
  "POST /api/assistant": { message: "hello" },
  "POST /api/marketing/generate": { brief: "A spring launch", channels: ["x"] },
  "POST /api/reports/production": { from: "2026-11-01", to: "2026-11-30" },
  "PUT /api/brand": { name: "Acme" },
  "POST /api/calendar": { scheduledFor: "2026-12-04T10:00:00Z", channel: "x", title: "Launch day" },
  "POST /api/lemon/checkout": { plan: "pro" },
  "POST /api/lemon/local-checkout": { plan: "pro" },
  "POST /api/auth/local": { email: "someone@example.com" },
};

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; additionalProperties?: unknown; maxLength?: number; items?: JsonSchema };

function bodySchemaOf(op: Operation): JsonSchema {
  const doc = openApiDocument();
  const described = doc.paths[op.path]![op.method.toLowerCase()] as { requestBody?: { content: { "application/json": { schema: JsonSchema } } } };
  return described.requestBody!.content["application/json"].schema;
}

/** A value no property of this schema takes: an object where a string is due, a string where an object is. */
function wrongTypeFor(property: JsonSchema): fc.Arbitrary<unknown> {
  const types = [property.type ?? []].flat();
  const all: [string, fc.Arbitrary<unknown>][] = [
    ["object", fc.constant({ nested: [1, "two"] })],
    ["array", fc.array(fc.integer(), { maxLength: 3 })],
    ["number", fc.double({ noNaN: true })],
    ["boolean", fc.boolean()],
    ["string", fc.string({ maxLength: 5 })],
  ];
  const candidates = all.filter(([type]) => !types.includes(type) && !(type === "number" && types.includes("integer")));
  // A property with no declared type (an enum, a union) never takes an object with a nested array.
  return types.length ? fc.oneof(...candidates.map(([, arbitrary]) => arbitrary)) : fc.constant({ nested: [1, "two"] });
}

/** Bodies made from the valid one that the schema must refuse. */
function badBodies(key: string, schema: JsonSchema): fc.Arbitrary<{ kind: string; body: string; contentType?: string }> {
  const valid = VALID[key] as Record<string, unknown>;
  const required = schema.required ?? [];
  const properties = schema.properties ?? {};
  const json = (kind: string) => (value: unknown) => ({ kind, body: JSON.stringify(value) });
  const arbitraries: fc.Arbitrary<{ kind: string; body: string; contentType?: string }>[] = [
    // Not an object at all.
    fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null)).map(json("not an object")),
    // Malformed JSON text, and a form body under its own content type.
    fc.constantFrom('{"prompt": ', "{'single': 'quotes'}", '{"a": 1,}', "\u0000\u0001", '{"x": "\\ud800"').map((body) => ({ kind: "malformed", body })),
    fc.constant({ kind: "form", body: "model=flux-schnell&prompt=hi", contentType: "application/x-www-form-urlencoded" }),
  ];
  if (required.length) {
    arbitraries.push(
      fc.constantFrom(...required).map((name) => {
        const { [name]: _dropped, ...rest } = valid;
        return { kind: `without ${name}`, body: JSON.stringify(rest) };
      }),
      fc
        .constantFrom(...required)
        .chain((name) => wrongTypeFor(properties[name] ?? {}).map((value) => ({ kind: `wrong type for ${name}`, body: JSON.stringify({ ...valid, [name]: value }) }))),
    );
  }
  const long = Object.entries(properties).filter(([, p]) => typeof p.maxLength === "number" && p.maxLength < 20_000);
  if (long.length) {
    // Past the limit with characters trim() keeps: emoji, CJK, combining marks, right-to-left text.
    const unit = fc.constantFrom("🎬", "界", "é", "\u05d0", "x", "\u0301a");
    arbitraries.push(
      fc.constantFrom(...long).chain(([name, p]) =>
        fc.integer({ min: 1, max: 500 }).chain((extra) =>
          unit.map((u) => ({ kind: `${name} too long`, body: JSON.stringify({ ...valid, [name]: u.repeat(p.maxLength! + extra) }) })),
        ),
      ),
    );
  }
  if (schema.additionalProperties === false) {
    arbitraries.push(
      fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !(name in properties)).map((name) => ({ kind: "unknown field", body: JSON.stringify({ ...valid, [name]: 1 }) })),
    );
  }
  return fc.oneof(...arbitraries);
}

describe("bad input at every route that takes a body", () => {
  let app: App;
  let user: Client;
  const email = uniqueEmail("abuse");
  const tried: Record<string, number> = {};

  const bodyOps = OPERATIONS.filter((op) => op.body && (op.access === "user" || op.access === "public") && !op.path.includes("{"));

  beforeAll(async () => {
    const dataDir = await seedUsers([{ email, plan: "pro", credits: 500 }]);
    app = await startApp({ DATA_DIR: dataDir, DEMO_PROVIDERS: "1" });
    user = await Client.signIn(app, email);
  });
  afterAll(async () => {
    await app?.stop();
    const total = Object.values(tried).reduce((a, b) => a + b, 0);
    console.log(`bad inputs tried: ${total} across ${Object.keys(tried).length} routes, every one a 4xx, nothing charged`);
  });

  it("has a valid seed body for every such route", () => {
    expect(bodyOps.map((op) => `${op.method} ${op.path}`).filter((key) => !(key in VALID))).toEqual([]);
  });

  it.each(bodyOps.map((op) => [`${op.method} ${op.path}`, op] as const))("answers %s with a 4xx for generated bad bodies, charging nothing", async (key, op) => {
    const before = await user.json("/api/me");
    const history = (await user.json("/api/generations?limit=100")).body.items.length;
    const schema = bodySchemaOf(op);
    await fc.assert(
      fc.asyncProperty(badBodies(key, schema), async ({ kind, body, contentType }) => {
        const res = await user.fetch(op.path, { method: op.method, body, headers: { "content-type": contentType ?? "application/json" } });
        const text = await res.text();
        tried[key] = (tried[key] ?? 0) + 1;
        expect(res.status, `${kind}: ${body.slice(0, 120)} → ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${kind}: ${body.slice(0, 120)} → ${text.slice(0, 200)}`).toBeLessThan(500);
        expect(JSON.parse(text).error.code, kind).toEqual(expect.any(String));
      }),
      { numRuns: 30, seed: 20261203 },
    );
    // An oversized body is refused before it is read (or the route's rate limit, checked first, already says no).
    const huge = JSON.stringify({ ...(VALID[key] as object), padding: "x".repeat(13 * 1024 * 1024) });
    const res = await user.fetch(op.path, { method: op.method, body: huge, headers: { "content-type": "application/json" } });
    expect([413, 429]).toContain(res.status);
    tried[key]! += 1;

    const after = await user.json("/api/me");
    expect(after.body.balance).toBe(before.body.balance);
    expect(after.body.plan).toBe(before.body.plan);
    expect((await user.json("/api/generations?limit=100")).body.items.length).toBe(history);
  }, 120_000);
});
