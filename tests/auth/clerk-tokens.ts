import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";

// A production-shaped Clerk instance that exists only in this test: its frontend API host is
// never contacted, because the app verifies tokens with the PEM key it is given (CLERK_JWT_KEY).
export const CLERK_FRONTEND_API = "clerk.example.com";
export const CLERK_ISSUER = `https://${CLERK_FRONTEND_API}`;
export const CLERK_PUBLISHABLE_KEY = `pk_live_${Buffer.from(`${CLERK_FRONTEND_API}$`).toString("base64")}`;
export const CLERK_SECRET_KEY = "sk_live_nexora_test_secret_key_0123456789abcdef";

export type TokenClaims = {
  sub: string;
  azp?: string;
  email?: string;
  /** Seconds relative to now. */
  iatOffset?: number;
  nbfOffset?: number;
  expOffset?: number;
};

export type ClerkKeys = { privateKey: CryptoKey; publicPem: string };

export async function generateClerkKeys(): Promise<ClerkKeys> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { privateKey, publicPem: await exportSPKI(publicKey) };
}

/** An RS256 session token shaped like Clerk's (v2 claims), signed with the given key. */
export async function mintSessionToken(privateKey: CryptoKey, claims: TokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { sid: `sess_${claims.sub}`, v: 2 };
  if (claims.azp) payload.azp = claims.azp;
  if (claims.email) payload.email = claims.email;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "ins_test" })
    .setIssuer(CLERK_ISSUER)
    .setSubject(claims.sub)
    .setIssuedAt(now + (claims.iatOffset ?? -5))
    .setNotBefore(now + (claims.nbfOffset ?? -10))
    .setExpirationTime(now + (claims.expOffset ?? 60))
    .sign(privateKey);
}

/** The same token with one payload character changed and the original signature kept. */
export function tamper(token: string): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  claims.sub = `${claims.sub}x`;
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

/** The cookies a browser signed in to Clerk sends: the session token and the client's last update time. */
export function sessionCookies(token: string): string {
  const { iat } = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as { iat: number };
  return `__session=${token}; __client_uat=${iat}`;
}
