import { isIP } from 'node:net';
import type { ProxyTrust, TrustedProxies } from './trusted-proxies';

/** What {@link clientIp} reads of a request (an Express request has both). */
export interface ClientIpSource {
  socket?: { remoteAddress?: string } | null;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The client's IP address. With `proxies`, the way Express's `trust proxy` finds it:
 * starting at the socket's peer and going back through `X-Forwarded-For` (each proxy
 * appends its peer), the first address that is not a trusted proxy (at most `hops`
 * back when `hops` > 0), so a client that reaches the port directly is counted by its
 * own address whatever it writes. Without `proxies` and `hops` 0, the socket's peer.
 * Without `proxies` and n > 0 hops, the address n entries back from the end of
 * `X-Forwarded-For`, believed whoever sent it (safe only when nothing but the proxies
 * can reach the application). IPv4-mapped IPv6 addresses are given as IPv4.
 * `undefined` when there is no socket address (not an HTTP request).
 */
export function clientIp(req: ClientIpSource, trust: number | ProxyTrust): string | undefined {
  const { hops, proxies } = typeof trust === 'number' ? { hops: trust, proxies: undefined } : trust;
  const peer = normalizeAddress(req.socket?.remoteAddress);
  if (peer === undefined || (hops <= 0 && !proxies)) return peer;
  const header = req.headers?.['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Nearest first: the socket's peer, then X-Forwarded-For from right to left.
  const chain = [peer, ...forwarded.reverse()];
  if (proxies) return firstUntrusted(chain, proxies, hops > 0 ? hops : chain.length);
  // A header shorter than the configured hops: the farthest address known is the client.
  for (let hop = Math.min(hops, chain.length - 1); hop >= 0; hop--) {
    // An entry a trusted proxy wrote is an address; if not, the proxy setup is wrong and
    // the nearest address that is one is used instead of the text.
    const address = normalizeAddress(chain[hop]);
    if (address !== undefined) return address;
  }
  return peer;
}

/** Walks back from the peer while the address is a trusted proxy that wrote an address. */
function firstUntrusted(chain: string[], proxies: TrustedProxies, maxHops: number): string {
  let client = chain[0];
  for (let hop = 1; hop < chain.length && hop <= maxHops && proxies.trusts(client); hop++) {
    const next = normalizeAddress(chain[hop]);
    if (next === undefined) break;
    client = next;
  }
  return client;
}

/**
 * The key under which per-IP limits count an address: IPv4 as is, IPv6 by its /64
 * prefix (one subscriber usually holds a whole /64, so counting single addresses
 * would let one client rotate through billions of them).
 */
export function ipLimitSubject(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The address without zone id, IPv4-mapped IPv6 as IPv4, lower case; undefined when not an IP address. */
export function normalizeAddress(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  let address = value.trim().toLowerCase();
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) address = mapped[1];
  return isIP(address) === 0 ? undefined : address;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(ip: string): string[] {
  let text = ip;
  // An embedded IPv4 tail (`::1.2.3.4`) stands for the last two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16).toString(16));
}
