// The rules a provider output URL (and every redirect it leads to) must pass before the server
// connects anywhere: https on the default port, no credentials, a host of the provider's own.
import { isIP } from "node:net";
import type { OutputUrlPolicy } from "./output-url-policy";

/** A URL or address the outbound policy refuses; asking again cannot change the answer. */
export class OutputUrlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputUrlRefusedError";
  }
}

export type CheckedOutputUrl = {
  url: URL;
  /** The host to resolve and connect to: lower case, without brackets or a trailing dot. */
  hostname: string;
  /** A test fake's origin: plain http and loopback are allowed for it. */
  testOrigin: boolean;
};

function matchesHost(hostname: string, allowed: string): boolean {
  return hostname === allowed || hostname.endsWith(`.${allowed}`);
}

/** Checks one URL against the policy; throws OutputUrlRefusedError saying why it may not be fetched. */
export function checkOutputUrl(input: string | URL, policy: OutputUrlPolicy): CheckedOutputUrl {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OutputUrlRefusedError("the output URL is not a valid absolute URL");
  }
  // WHATWG parsing has already turned 0x7f.1 or 2130706433 into 127.0.0.1.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
  if (policy.testOrigins.includes(url.origin)) return { url, hostname, testOrigin: true };
  if (url.protocol !== "https:") throw new OutputUrlRefusedError(`the output URL uses ${url.protocol} instead of https:`);
  if (url.username || url.password) throw new OutputUrlRefusedError("the output URL carries credentials");
  if (url.port) throw new OutputUrlRefusedError(`the output URL names port ${url.port} instead of the https default`);
  if (isIP(hostname) || !policy.hosts.some((allowed) => matchesHost(hostname, allowed))) {
    throw new OutputUrlRefusedError(`the output host ${hostname} is not one of the provider's (${policy.hosts.join(", ") || "none"})`);
  }
  return { url, hostname, testOrigin: false };
}
