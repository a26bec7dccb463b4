import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/openapi/document";
import { OPERATIONS } from "../../lib/openapi/operations";

const API_DIR = path.resolve(__dirname, "../../app/api");

/** Every (method, path) a route file on disk answers, in OpenAPI spelling. */
function routesOnDisk(dir = API_DIR): { key: string; parsesBody: boolean }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routesOnDisk(full);
    if (name !== "route.ts") return [];
    const route = `/api/${path.relative(API_DIR, dir).split(path.sep).join("/")}`.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
    const source = readFileSync(full, "utf8");
    return [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(([, method]) => ({
      key: `${method} ${route}`,
      parsesBody: ["POST", "PUT", "PATCH"].includes(method!) && /readJson\(/.test(source),
    }));
  });
}

describe("the OpenAPI description", () => {
  const described = new Map(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op]));
  const disk = routesOnDisk();

  it("describes every route on disk, and nothing that is not there", () => {
    expect(disk.map((r) => r.key).filter((key) => !described.has(key)), "routes without a description").toEqual([]);
    const onDisk = new Set(disk.map((r) => r.key));
    expect([...described.keys()].filter((key) => !onDisk.has(key)), "descriptions without a route").toEqual([]);
  });

  it("gives every route that reads a JSON body its schema", () => {
    const missing = disk.filter((r) => r.parsesBody && !described.get(r.key)?.body).map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it("is an OpenAPI 3.1 document whose bodies are the routes' own schemas", () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const image = doc.paths["/api/image/generate"]!.post as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean } } } } };
    const schema = image.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["model", "prompt", "size", "aspect"]));
    expect(schema.required).toEqual(expect.arrayContaining(["model", "prompt"]));
    expect(schema.additionalProperties).toBe(false);
    const list = doc.paths["/api/generations"]!.get as { parameters: { name: string; in: string }[] };
    expect(list.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["query:limit", "query:cursor", "query:kind"]));
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => (op as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
