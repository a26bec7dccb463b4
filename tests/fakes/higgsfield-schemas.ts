// The input each Higgsfield platform endpoint takes (PROVIDERS.md section 5.1, from the platform
// OpenAPI copy), the Soul ID training body (5.2), and a checker that answers FastAPI's 422 `detail`
// items for a body. Unknown fields are refused everywhere: a misspelt or invented field is a bug
// the tests must see. An optional field sent as null counts as absent, as FastAPI's `X | None = None`.

export type HiggsfieldField = (
  | { type: "string"; maxLength?: number }
  | { type: "integer"; min?: number; max?: number }
  | { type: "number"; min?: number; max?: number }
  | { type: "boolean" }
  | { type: "literal"; values: readonly (string | number)[] }
  /** An http(s) URL; `image` ones are downloaded at submit when the fake's `fetchImages` is on. */
  | { type: "url"; image?: boolean }
  /** A uuid; `of` names what it must point at in the fake: a completed Soul ID or a listed motion. */
  | { type: "uuid"; of?: "reference" | "motion" }
  /** A list of objects, each taking exactly `items`. */
  | { type: "list"; min?: number; max?: number; items: HiggsfieldFields }
) & { required?: boolean };

export type HiggsfieldFields = Record<string, HiggsfieldField>;

export type HiggsfieldModel = { output: "images" | "video"; fields: HiggsfieldFields };

export type HiggsfieldIssue = { type: string; loc: (string | number)[]; msg: string; input?: unknown; ctx?: Record<string, unknown> };

/** An image URL found in a valid body, with where it sits. */
export type HiggsfieldImageInput = { loc: (string | number)[]; url: string };

/** Answers why an id does not do (unknown, not trained yet), or undefined when it does. */
export type HiggsfieldLookups = { reference(id: string): string | undefined; motion(id: string): string | undefined };

const prompt: HiggsfieldField = { type: "string", required: true };
const unit: HiggsfieldField = { type: "number", min: 0, max: 1 };
const seed: HiggsfieldField = { type: "integer", min: 1, max: 1_000_000 };
const oneOf = (...values: (string | number)[]): HiggsfieldField => ({ type: "literal", values });
const image = (required = false): HiggsfieldField => ({ type: "url", image: true, required });

const soulMode: HiggsfieldFields = {
  prompt,
  custom_reference_strength: unit,
  style_id: { type: "uuid" },
  style_strength: unit,
  batch_size: oneOf(1, 4),
  resolution: oneOf("720p", "1080p"),
  aspect_ratio: oneOf("9:16", "16:9", "4:3", "3:4", "1:1", "2:3", "3:2"),
  enhance_prompt: { type: "boolean" },
  image_reference_url: image(),
  seed,
};

const dop: HiggsfieldModel = {
  output: "video",
  fields: {
    prompt,
    image_url: image(true),
    end_image_url: image(),
    motions: {
      type: "list",
      max: 2,
      items: { id: { type: "uuid", of: "motion", required: true }, strength: { ...unit, required: true } },
    },
    enhance_prompt: { type: "boolean" },
    seed,
  },
};

export const HIGGSFIELD_MODELS = {
  "higgsfield-ai/soul/standard": {
    output: "images",
    fields: {
      prompt,
      num_images: { type: "integer", min: 1, max: 4 },
      resolution: oneOf("2K", "4K"),
      aspect_ratio: oneOf("1:1", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "16:9", "9:16", "21:9"),
    },
  },
  "higgsfield-ai/soul/character": {
    output: "images",
    fields: { ...soulMode, custom_reference_id: { type: "uuid", of: "reference", required: true } },
  },
  "higgsfield-ai/soul/reference": { output: "images", fields: { ...soulMode, image_reference_url: image(true) } },
  "higgsfield-ai/dop/standard": dop,
  "higgsfield-ai/dop/lite": dop,
  "higgsfield-ai/dop/turbo": dop,
} satisfies Record<string, HiggsfieldModel>;

export type HiggsfieldModelId = keyof typeof HIGGSFIELD_MODELS;

export const TRAINING_FIELDS: HiggsfieldFields = {
  name: { type: "string", maxLength: 100, required: true },
  input_images: {
    type: "list",
    min: 1,
    max: 100,
    required: true,
    items: { type: { ...oneOf("image_url"), required: true }, image_url: { type: "url", image: true, required: true } },
  },
  model_version: oneOf("v1", "v2", "cinema"),
};

/**
 * How `deploy` describes an extra endpoint. It starts from the fields and output of `like` (a
 * served model id) and applies `fields` on top: a full field adds or replaces one, a list of
 * values is shorthand for an optional literal (`duration: [5, 10]`), and null drops a field.
 * Without `like` the endpoint takes only `fields`, and `output` must say what it makes.
 */
export type HiggsfieldDeployment = {
  like?: HiggsfieldModelId | (string & {});
  fields?: Record<string, HiggsfieldField | readonly (string | number)[] | null>;
  output?: HiggsfieldModel["output"];
};

export function deployedModel(deployment: HiggsfieldDeployment, base: HiggsfieldModel | undefined): HiggsfieldModel {
  if (deployment.like !== undefined && !base) throw new Error(`deploy: '${deployment.like}' is not a served model`);
  const output = deployment.output ?? base?.output;
  if (!output) throw new Error("deploy: give `like` or `output`");
  const fields: HiggsfieldFields = { ...base?.fields };
  for (const [name, field] of Object.entries(deployment.fields ?? {})) {
    if (field === null) delete fields[name];
    else fields[name] = Array.isArray(field) ? { type: "literal", values: field } : (field as HiggsfieldField);
  }
  return { output, fields };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Pydantic's way of listing allowed values: 'a', 'b' or 'c'. */
function choices(values: readonly (string | number)[]): string {
  const shown = values.map((v) => (typeof v === "string" ? `'${v}'` : String(v)));
  return shown.length < 2 ? shown.join("") : `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}

type Found = { issues: HiggsfieldIssue[]; images: HiggsfieldImageInput[] };

function checkRange(field: { min?: number; max?: number }, value: number, loc: (string | number)[], found: Found) {
  if (field.min !== undefined && value < field.min) {
    found.issues.push({ type: "greater_than_equal", loc, msg: `Input should be greater than or equal to ${field.min}`, input: value, ctx: { ge: field.min } });
  } else if (field.max !== undefined && value > field.max) {
    found.issues.push({ type: "less_than_equal", loc, msg: `Input should be less than or equal to ${field.max}`, input: value, ctx: { le: field.max } });
  }
}

function checkValue(field: HiggsfieldField, value: unknown, loc: (string | number)[], lookups: HiggsfieldLookups, found: Found) {
  const issue = (type: string, msg: string, ctx?: Record<string, unknown>) => found.issues.push({ type, loc, msg, input: value, ...(ctx ? { ctx } : {}) });
  switch (field.type) {
    case "string":
      if (typeof value !== "string") return issue("string_type", "Input should be a valid string");
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        return issue("string_too_long", `String should have at most ${field.maxLength} characters`, { max_length: field.maxLength });
      }
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isFinite(value)) return issue("int_type", "Input should be a valid integer");
      if (!Number.isInteger(value)) return issue("int_from_float", "Input should be a valid integer, got a number with a fractional part");
      return checkRange(field, value, loc, found);
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return issue("float_type", "Input should be a valid number");
      return checkRange(field, value, loc, found);
    case "boolean":
      if (typeof value !== "boolean") issue("bool_type", "Input should be a valid boolean");
      return;
    case "literal":
      if (!field.values.includes(value as string | number)) {
        issue("literal_error", `Input should be ${choices(field.values)}`, { expected: choices(field.values) });
      }
      return;
    case "url": {
      if (typeof value !== "string") return issue("url_type", "URL input should be a string or URL");
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return issue("url_parsing", "Input should be a valid URL, relative URL without a base");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") return issue("url_scheme", "URL scheme should be 'http' or 'https'", { expected_schemes: "'http' or 'https'" });
      if (field.image) found.images.push({ loc, url: value });
      return;
    }
    case "uuid": {
      if (typeof value !== "string" || !UUID.test(value)) return issue("uuid_parsing", "Input should be a valid UUID");
      const problem = field.of === "reference" ? lookups.reference(value) : field.of === "motion" ? lookups.motion(value) : undefined;
      if (problem) issue("value_error", `Value error, ${problem}`);
      return;
    }
    case "list":
      if (!Array.isArray(value)) return issue("list_type", "Input should be a valid list");
      if (field.min !== undefined && value.length < field.min) {
        return issue("too_short", `List should have at least ${field.min} item${field.min === 1 ? "" : "s"} after validation, not ${value.length}`, { field_type: "List", min_length: field.min, actual_length: value.length });
      }
      if (field.max !== undefined && value.length > field.max) {
        return issue("too_long", `List should have at most ${field.max} item${field.max === 1 ? "" : "s"} after validation, not ${value.length}`, { field_type: "List", max_length: field.max, actual_length: value.length });
      }
      value.forEach((item, i) => checkObject(field.items, item, [...loc, i], lookups, found));
      return;
  }
}

function checkObject(fields: HiggsfieldFields, value: unknown, loc: (string | number)[], lookups: HiggsfieldLookups, found: Found) {
  if (!isObject(value)) {
    found.issues.push({ type: "model_attributes_type", loc, msg: "Input should be a valid dictionary or object to extract fields from", input: value });
    return;
  }
  for (const [name, field] of Object.entries(fields)) {
    const given = value[name];
    if (given === undefined || (given === null && !field.required)) {
      if (field.required && given === undefined) found.issues.push({ type: "missing", loc: [...loc, name], msg: "Field required" });
      continue;
    }
    checkValue(field, given, [...loc, name], lookups, found);
  }
  for (const [name, given] of Object.entries(value)) {
    if (!Object.hasOwn(fields, name)) found.issues.push({ type: "extra_forbidden", loc: [...loc, name], msg: "Extra inputs are not permitted", input: given });
  }
}

/** Every problem with a JSON body, in one list, and the image URLs a valid body carries. */
export function checkHiggsfieldBody(fields: HiggsfieldFields, body: unknown, lookups: HiggsfieldLookups): Found {
  const found: Found = { issues: [], images: [] };
  checkObject(fields, body, ["body"], lookups, found);
  return found;
}
