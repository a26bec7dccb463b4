// fal reports a model's refusal or failure as an error answer: `detail` is a list of
// `{loc, msg, type}` (model and validation errors) or a string with `error_type` (infrastructure).
import { failureKindOfStatus } from "./provider-error-of";
import type { ProviderFailure } from "./types";

type FalDetail = { msg?: unknown; type?: unknown };
const MODERATION = /content_policy|nsfw|safety|flagged/i;
const TIMEOUT_TYPES = new Set(["request_timeout", "startup_timeout"]);

/** The failure an error answer of fal stands for, from its status and JSON body. */
export function falFailureOf(status: number | undefined, body: unknown): ProviderFailure {
  const { detail, error_type: errorType } = (body ?? {}) as { detail?: unknown; error_type?: unknown };
  const details: FalDetail[] = Array.isArray(detail) ? (detail as FalDetail[]) : [];
  const text = typeof detail === "string" ? detail : details.map((d) => String(d.msg ?? d.type ?? "")).filter(Boolean).join("; ");
  const message = `fal answered ${status ? `HTTP ${status}` : "an error"}${text ? `: ${text}` : ""}`;
  const moderated = details.some((d) => MODERATION.test(String(d.type ?? "")) || MODERATION.test(String(d.msg ?? "")));
  if (moderated || (typeof detail === "string" && MODERATION.test(detail))) return { kind: "moderation", message, providerStatus: status };
  if (typeof errorType === "string" && TIMEOUT_TYPES.has(errorType)) return { kind: "timeout", message, providerStatus: status };
  return { kind: status ? failureKindOfStatus(status) : "http", message, providerStatus: status };
}
