import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/db/open";
import { configuredAppOrigin } from "@/lib/http/app-origin";

// Short-lived links to files in the local store, for a provider that fetches an input image (an
// anchor, a still to animate) and has no session: `/api/files/<key>?expires=<unix s>&signature=<hmac>`.
// The secret is ARTIFACT_URL_SECRET, or one kept in DATA_DIR, where the files themselves are.

type Env = Record<string, string | undefined>;

const globalSecret = globalThis as unknown as { __nexoraFileUrlSecret?: Buffer };

function secretOf(env: Env): Buffer {
  if (env.ARTIFACT_URL_SECRET) return Buffer.from(env.ARTIFACT_URL_SECRET);
  if (globalSecret.__nexoraFileUrlSecret) return globalSecret.__nexoraFileUrlSecret;
  const file = path.join(dataDir(env), "file-url.secret");
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    // `wx`: when two processes race here, the second one's write fails and it reads the first's.
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
    } catch {}
    secret = readFileSync(file);
  }
  return (globalSecret.__nexoraFileUrlSecret = secret);
}

function signatureOf(key: string, expires: number, env: Env): string {
  return createHmac("sha256", secretOf(env)).update(`${key}\n${expires}`).digest("base64url");
}

/** An absolute link to a stored file, good for `seconds`. */
export function signFileUrl(key: string, seconds: number, env: Env = process.env, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + Math.max(1, Math.floor(seconds));
  const origin = configuredAppOrigin() ?? `http://localhost:${env.PORT || 3000}`;
  const url = new URL(`/api/files/${key}`, origin);
  url.searchParams.set("expires", String(expires));
  url.searchParams.set("signature", signatureOf(key, expires, env));
  return url.toString();
}

/** Whether a link's signature is ours and it has not expired. */
export function verifyFileUrl(key: string, expires: string | null, signature: string | null, env: Env = process.env, now = Date.now()): boolean {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) * 1000 < now) return false;
  const expected = Buffer.from(signatureOf(key, Number(expires), env));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
