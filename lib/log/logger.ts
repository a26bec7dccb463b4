// One structured line per event, as JSON on stdout (pino): every line carries the request it
// belongs to and its user, and prompts and briefs, emails and secrets are redacted unless
// LOG_PROMPTS=1 says otherwise for prompts. LOG_LEVEL sets the level (info by default, silent in tests).
import "server-only";
import pino from "pino";
import { currentRequest } from "./request-context";

const SECRETS = ["authorization", "cookie", "apiKey", "secret", "token", "password", "key"];
const TEXTS = ["prompt", "brief", "narrative", "text"];
const PERSONAL = ["email"];

function redactedPaths(): string[] {
  const names = [...SECRETS, ...PERSONAL, ...(process.env.LOG_PROMPTS === "1" ? [] : TEXTS)];
  return names.flatMap((name) => [name, `*.${name}`]);
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: { service: "nexora" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: { paths: redactedPaths(), censor: "[redacted]" },
  mixin() {
    const request = currentRequest();
    return request ? { requestId: request.requestId, ...(request.userId ? { userId: request.userId } : {}) } : {};
  },
});

/** The fields of an error worth a log line: its name, message and code, never a request body. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { name, message } = error;
  const code = (error as { code?: unknown }).code;
  return { err: { name, message, ...(code !== undefined ? { code } : {}), stack: error.stack } };
}
