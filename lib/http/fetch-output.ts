// Downloads one provider output under the outbound policy. Each hop is checked before anything
// connects: the URL's rules, then every address its host resolves to. The connection then goes to
// the address that was checked (the socket's lookup answers it), so a DNS answer that changes
// between the check and the connect (rebinding) cannot send us elsewhere. Redirects are followed
// by hand, a few at most, each one checked the same way.
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { isBlockedAddress } from "./blocked-address";
import { checkOutputUrl, OutputUrlRefusedError, type CheckedOutputUrl } from "./check-output-url";
import type { OutputUrlPolicy } from "./output-url-policy";
import { readCapped } from "./read-capped";

export type ResolvedAddress = { address: string; family: number };
/** Every address a host name resolves to, as `dns.lookup` with `all: true` answers. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export type FetchOutputOptions = {
  signal: AbortSignal;
  /** The download is refused past this many bytes, whatever Content-Length says. */
  maxBytes: number;
  resolve?: ResolveHost;
};

const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const systemResolve: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The address to connect to, once every address of the host has passed. */
async function addressOf(target: CheckedOutputUrl, resolve: ResolveHost, signal: AbortSignal): Promise<ResolvedAddress> {
  const literal = isIP(target.hostname);
  const answers = literal ? [{ address: target.hostname, family: literal }] : await abortable(resolve(target.hostname), signal);
  if (answers.length === 0) throw new Error(`${target.hostname} resolved to no address`);
  if (!target.testOrigin) {
    // Any one bad answer refuses the host: which answer a connection would use is not ours to pick.
    const blocked = answers.find((answer) => isBlockedAddress(answer.address));
    if (blocked) throw new OutputUrlRefusedError(`the output host ${target.hostname} resolves to ${blocked.address}, which is not a public address`);
  }
  return answers[0];
}

function get(target: CheckedOutputUrl, address: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const secure = target.url.protocol === "https:";
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      {
        host: target.hostname,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        method: "GET",
        headers: { accept: "image/*, video/*", "user-agent": "nexora-output-copy" },
        lookup: pinned,
        // A fresh connection per download: no pooled socket from another hop or host is reused.
        agent: false,
        signal,
        ...(secure && !isIP(target.hostname) ? { servername: target.hostname } : {}),
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * The bytes behind an output URL and the Content-Type it was served with. Throws
 * OutputUrlRefusedError when the policy refuses a hop (never worth retrying), BodyTooLargeError
 * past `maxBytes`, and a plain Error for what may pass (an error status, a DNS failure).
 */
export async function fetchOutput(
  input: string,
  policy: OutputUrlPolicy,
  { signal, maxBytes, resolve = systemResolve }: FetchOutputOptions,
): Promise<{ bytes: Buffer; contentType?: string }> {
  let target = checkOutputUrl(input, policy);
  for (let redirects = 0; ; redirects++) {
    const address = await addressOf(target, resolve, signal);
    const res = await get(target, address, signal);
    const status = res.statusCode ?? 0;
    if (REDIRECT_STATUSES.has(status)) {
      const location = res.headers.location;
      res.destroy();
      if (!location) throw new Error(`fetching the output answered HTTP ${status} without a Location`);
      if (redirects >= MAX_REDIRECTS) throw new OutputUrlRefusedError(`the output redirected more than ${MAX_REDIRECTS} times`);
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        throw new OutputUrlRefusedError("the output redirected to an invalid URL");
      }
      target = checkOutputUrl(next, policy);
      continue;
    }
    if (status < 200 || status > 299) {
      res.destroy();
      throw new Error(`fetching the output answered HTTP ${status}`);
    }
    const body = Readable.toWeb(res) as ReadableStream<Uint8Array>;
    const bytes = await readCapped(body, res.headers["content-length"] ?? null, maxBytes);
    return { bytes, contentType: res.headers["content-type"] };
  }
}
