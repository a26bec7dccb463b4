// The address a request came from, as far as this deployment can believe it. Route handlers see
// no socket; X-Forwarded-For is all there is, and a client can send its own. TRUST_PROXY_HOPS says
// how many proxies in front of the app append to it (1 for Vercel or one reverse proxy): the
// address that many entries from the right was written by our own proxy, and so is believed.
// With no trusted proxy every request shares one address: a limit then holds for all together
// and cannot be dodged by sending made-up headers.
const env = process.env;

export const UNKNOWN_ADDRESS = "unknown";

export function clientAddress(req: Request): string {
  const hops = Number(env["TRUST_PROXY_HOPS"] ?? (env["VERCEL"] ? 1 : 0));
  if (!Number.isInteger(hops) || hops < 1) return UNKNOWN_ADDRESS;
  const entries = (req.headers.get("x-forwarded-for") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  return entries[entries.length - hops] ?? UNKNOWN_ADDRESS;
}
