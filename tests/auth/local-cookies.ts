import { createHash, createHmac } from "node:crypto";

export const SESSION_COOKIE = "nexora_session";

/**
 * A local session cookie as the app signs one (HMAC-SHA256 over the base64url payload), made here
 * so tests can present cookies the server never issued: foreign secrets, edited payloads, old ones.
 */
export function mintLocalSession(secret: string, email: string, opts: { expOffset?: number; uid?: string } = {}): string {
  const normalized = email.trim().toLowerCase();
  const payload = Buffer.from(
    JSON.stringify({
      uid: opts.uid ?? `local_${createHash("sha256").update(normalized).digest("hex").slice(0, 24)}`,
      email: normalized,
      name: null,
      exp: Math.floor(Date.now() / 1000) + (opts.expOffset ?? 3600),
    }),
  ).toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

/** The cookie with its payload rewritten to another user and the original signature kept. */
export function tamperLocalSession(cookie: string, newEmail: string): string {
  const [payload, signature] = cookie.split(".");
  const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  session.email = newEmail;
  session.uid = `local_${createHash("sha256").update(newEmail).digest("hex").slice(0, 24)}`;
  return `${Buffer.from(JSON.stringify(session)).toString("base64url")}.${signature}`;
}
