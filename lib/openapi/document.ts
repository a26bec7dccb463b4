import { z } from "zod";
import { ERROR_STATUS } from "@/lib/http/api-error";
import { OPERATIONS, type Access, type Operation } from "./operations";

// The OpenAPI 3.1 document of the public API, built from OPERATIONS: request bodies and queries are
// zod 4's JSON Schema of the very schemas the routes parse with (as input: defaults optional).

const ERROR_BODY = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        message: { type: "string" },
        details: {},
        requestId: { type: "string" },
      },
    },
  },
} as const;

const SECURITY: Record<Access, Record<string, string[]>[] | undefined> = {
  user: [{ session: [] }],
  admin: [{ session: [] }],
  cron: [{ cronSecret: [] }],
  signature: [],
  "signed-link": [],
  public: [],
};

function jsonSchemaOf(schema: z.ZodType) {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parametersOf(op: Operation) {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  const headers = op.idempotent
    ? [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "The same key returns the same generation, charged once; with another body it is a 409." }]
    : [];
  if (!op.query) return [...path, ...headers];
  const schema = jsonSchemaOf(op.query) as { properties?: Record<string, unknown>; required?: string[] };
  const query = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
  return [...path, ...query, ...headers];
}

function operationOf(op: Operation) {
  const responses: Record<string, unknown> = Object.fromEntries(
    Object.entries(op.responses).map(([status, description]) => [
      status,
      { description, content: { [op.produces ?? "application/json"]: {} } },
    ]),
  );
  responses.default = { description: "An error (SPEC section 4)", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  return {
    summary: op.summary,
    operationId: `${op.method.toLowerCase()}${op.path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    "x-access": op.access,
    ...(SECURITY[op.access] ? { security: SECURITY[op.access] } : {}),
    parameters: parametersOf(op),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(op.body) } } } } : {}),
    responses,
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationOf(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Nexora Studio API",
      version: "1",
      description: "Generations metered in credits: every route checks the plan, reserves credits atomically and refunds exactly once on failure.",
    },
    paths,
    components: {
      schemas: { Error: ERROR_BODY },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__session", description: "A Clerk session (or the local sign-in's cookie)." },
        cronSecret: { type: "http", scheme: "bearer", description: "CRON_SECRET" },
      },
    },
  };
}
