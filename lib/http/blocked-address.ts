// Which IP addresses the server must never fetch from on a provider's behalf: anything that is not
// a public unicast address on the internet. A provider (or whoever controls its output) could
// otherwise point our server at itself, the private network, or a cloud metadata service.
import { BlockList, isIP } from "node:net";

const BLOCKED_V4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 included
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, 169.254.169.254 (cloud metadata) included
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, 255.255.255.255 included
] as const) {
  BLOCKED_V4.addSubnet(network, prefix, "ipv4");
}

// IPv6 is judged the other way round: only global unicast (2000::/3) may pass, which leaves out
// loopback, unspecified, link-local fe80::/10, unique-local fc00::/7, multicast ff00::/8 and the
// rest; within it, the special blocks below are refused too.
const GLOBAL_V6 = new BlockList();
GLOBAL_V6.addSubnet("2000::", 3, "ipv6");
const BLOCKED_V6 = new BlockList();
for (const [network, prefix] of [
  ["2001::", 23], // IETF protocol assignments, Teredo 2001::/32 included
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: wraps an IPv4 address of any kind
  ["3fff::", 20], // documentation
] as const) {
  BLOCKED_V6.addSubnet(network, prefix, "ipv6");
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a trailing dotted quad expanded). */
function groupsOf(address: string): number[] {
  let text = address;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const zeros = tail === undefined ? 0 : 8 - front.length - back.length;
  return [...front, ...new Array<number>(zeros).fill(0), ...back];
}

/** The IPv4 address an IPv6 one carries: IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::a.b.c.d. */
function embeddedV4(groups: number[]): string | undefined {
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !nat64) return undefined;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
}

/**
 * Whether an address is anything but public unicast: loopback, private, link-local, CGNAT,
 * unique-local, unspecified, multicast, documentation, reserved, or an IPv6 form of one of those.
 * Whatever cannot be read as an address is blocked too.
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED_V4.check(address, "ipv4");
  // A zone id (fe80::1%eth0) only ever scopes a link-local address.
  if (family !== 6 || address.includes("%")) return true;
  const v4 = embeddedV4(groupsOf(address.toLowerCase()));
  if (v4 !== undefined) return BLOCKED_V4.check(v4, "ipv4");
  return !GLOBAL_V6.check(address, "ipv6") || BLOCKED_V6.check(address, "ipv6");
}
