import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "@/lib/db/open";

export const SESSION_COOKIE = "nexora_session";
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

export type LocalSession = { uid: string; email: string; name: string | null; exp: number };

let secretPromise: Promise<Buffer> | undefined;

/** AUTH_SECRET, or one generated once into the data folder so sessions survive restarts. */
export function authSecret(): Promise<Buffer> {
  if (process.env.AUTH_SECRET) return Promise.resolve(Buffer.from(process.env.AUTH_SECRET, "utf8"));
  secretPromise ??= (async () => {
    const file = path.join(dataDir(), "auth-secret");
    try {
      return Buffer.from((await readFile(file, "utf8")).trim(), "utf8");
    } catch {
      await mkdir(path.dirname(file), { recursive: true });
      const secret = randomBytes(32).toString("base64url");
      await writeFile(file, secret, { mode: 0o600, flag: "wx" }).catch(() => {});
      return Buffer.from((await readFile(file, "utf8")).trim(), "utf8");
    }
  })();
  return secretPromise;
}

/** A stable user id for an email, so signing in again lands on the same account. */
export function localUserId(email: string): string {
  return `local_${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 24)}`;
}

function sign(payload: string, secret: Buffer): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

export async function createSessionToken(email: string, name: string | null, now = Date.now()): Promise<string> {
  const session: LocalSession = {
    uid: localUserId(email),
    email: email.trim().toLowerCase(),
    name,
    exp: Math.floor(now / 1000) + SESSION_MAX_AGE_SECONDS,
  };
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  return `${payload}.${sign(payload, await authSecret())}`;
}

export async function verifySessionToken(token: string | undefined, now = Date.now()): Promise<LocalSession | null> {
  if (!token) return null;
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = Buffer.from(sign(payload, await authSecret()), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as LocalSession;
    if (typeof session.uid !== "string" || typeof session.exp !== "number") return null;
    if (session.exp * 1000 <= now) return null;
    return session;
  } catch {
    return null;
  }
}
