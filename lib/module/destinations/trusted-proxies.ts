import { BlockList, isIP } from 'node:net';

/** Named address ranges of {@link TrustedProxies}, as Express's `trust proxy` names them. */
const PRESETS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
});

/**
 * The addresses of the reverse proxies in front of the application (`trustedProxies`
 * option): single addresses (`10.0.0.2`), CIDR ranges (`10.0.0.0/8`, `fd00::/8`) and
 * the names `loopback`, `linklocal` and `uniquelocal`, as in Express's `trust proxy`.
 * Only a peer in this list is believed about who it forwards for.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  /** @throws Error naming the first entry that is neither an address, a range nor a name. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const problem = TrustedProxies.problemOf(entry);
      if (problem) throw new Error(problem);
      for (const range of PRESETS[entry] ?? [entry]) this.add(range);
    }
  }

  /** Why `entry` is not a trusted proxy entry, in words; undefined when it is one. */
  static problemOf(entry: unknown): string | undefined {
    if (typeof entry === 'string' && (PRESETS[entry] || parseRange(entry))) return undefined;
    return (
      `${JSON.stringify(entry)} is neither an IP address, a CIDR range like 10.0.0.0/8, ` +
      `nor one of ${Object.keys(PRESETS).join(', ')}`
    );
  }

  /** Whether the (normalized) address is one of the trusted proxies. */
  trusts(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  private add(range: string): void {
    const { address, prefix, family } = parseRange(range) as Range;
    this.list.addSubnet(address, prefix, family);
  }
}

interface Range {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

function parseRange(text: string): Range | undefined {
  const [address, bits, ...rest] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  const max = family === 6 ? 128 : 32;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address, prefix, family: family === 6 ? 'ipv6' : 'ipv4' };
}

/** Which proxies are believed about the client's address (options `trustedProxies`, `trustProxyHops`). */
export interface ProxyTrust {
  /** With `proxies`: at most this many hops (0: no cap); without: exactly this many. */
  hops: number;
  proxies?: TrustedProxies;
}

/** How the module finds client addresses with these options. */
export function proxyTrustOf(options: {
  trustProxyHops: number;
  trustedProxies?: readonly string[];
}): ProxyTrust {
  return {
    hops: options.trustProxyHops,
    ...(options.trustedProxies ? { proxies: new TrustedProxies(options.trustedProxies) } : {}),
  };
}
