// The JSON document a text fake answers in JSON mode: a deterministic value that satisfies the request's schema.
type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  uri: "https://example.com/sample",
  url: "https://example.com/sample",
  email: "sample@example.com",
  date: "2026-01-01",
  "date-time": "2026-01-01T00:00:00Z",
  uuid: "00000000-0000-4000-8000-000000000000",
};

function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase() || "text";
}

function fit(text: string, schema: Schema): string {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  let value = text;
  while (value.length < min) value += " sample";
  return value.slice(0, max);
}

function numberOf(schema: Schema, integer: boolean): number {
  let value = 1;
  if (typeof schema.minimum === "number") value = Math.max(value, schema.minimum);
  if (typeof schema.exclusiveMinimum === "number") value = Math.max(value, schema.exclusiveMinimum + 1);
  if (typeof schema.maximum === "number") value = Math.min(value, schema.maximum);
  if (typeof schema.exclusiveMaximum === "number") value = Math.min(value, schema.exclusiveMaximum - 1);
  return integer ? Math.ceil(value) : value;
}

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let target: unknown = root;
  for (const key of ref.slice(2).split("/")) target = (target as Schema | undefined)?.[key];
  return target && typeof target === "object" ? resolve(target as Schema, root) : {};
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== "null") ?? "null";
  if (typeof type === "string") return type;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return undefined;
}

function valueOf(input: Schema, root: Schema, name: string): unknown {
  const schema = resolve(input, root);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const branch = branches.find((b) => resolve(b, root).type !== "null") ?? branches[0]!;
    return valueOf(branch, root, name);
  }
  switch (typeOf(schema)) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, valueOf(child, root, key)]));
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Infinity;
      const count = Math.min(Math.max(min, 1), max);
      const item = (Array.isArray(schema.prefixItems) ? {} : (schema.items ?? {})) as Schema;
      return Array.from({ length: count }, (_, i) => valueOf(item, root, count > 1 ? `${name} ${i + 1}` : name));
    }
    case "integer":
      return numberOf(schema, true);
    case "number":
      return numberOf(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default: {
      const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
      // A tag's rules live outside JSON Schema (a zod refine): give it the usual shape.
      if (!format && /hashtag/i.test(name)) return fit(`#${words(name).replace(/[^a-z0-9]/g, "")}`, schema);
      return fit(format ?? `Sample ${words(name)}`, schema);
    }
  }
}

/** A value that satisfies `schema` (standard JSON Schema, lower-case types, local `$ref`s). */
export function jsonFromSchema(schema: Record<string, unknown>): unknown {
  return valueOf(schema, schema, "text");
}
