/** `host:port` of a Redis node or Sentinel. */
export interface RedisAddress {
  host: string;
  port: number;
}

/**
 * How the sample app reaches Redis: one environment variable each, exactly one of them set.
 * - `REDIS_URL=redis://[user:password@]host:port[/db]`: one server;
 * - `REDIS_CLUSTER_NODES=host:port,...`: some nodes of a Redis Cluster (the client finds the rest);
 * - `REDIS_SENTINELS=host:port,...` with `REDIS_SENTINEL_NAME`: the primary the Sentinels name.
 */
export type SampleRedisConnection =
  | { kind: 'url'; url: string }
  | { kind: 'cluster'; nodes: RedisAddress[] }
  | { kind: 'sentinel'; sentinels: RedisAddress[]; name: string };

/** Environment variables the sample app reads; anything else is ignored. */
type Env = Record<string, string | undefined>;

const VARIABLES = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const;

/**
 * Reads `REDIS_URL`, `REDIS_CLUSTER_NODES` or `REDIS_SENTINELS` (+ `REDIS_SENTINEL_NAME`);
 * `undefined` when none is set.
 * @throws Error (the caller turns it into its configuration error) naming the variable and the fix;
 *   it never echoes a URL, which may hold a password.
 */
export function parseRedisConnection(env: Env): SampleRedisConnection | undefined {
  const set = VARIABLES.filter((name) => present(env[name]));
  if (set.length > 1) {
    throw new Error(`${set.join(' and ')} are both set: set only one (one server, a cluster, or Sentinel)`);
  }
  if (present(env.REDIS_SENTINEL_NAME) && set[0] !== 'REDIS_SENTINELS') {
    throw new Error('REDIS_SENTINEL_NAME needs REDIS_SENTINELS=host:port,... (the Sentinels to ask)');
  }
  switch (set[0]) {
    case undefined:
      return undefined;
    case 'REDIS_URL':
      return { kind: 'url', url: parseUrl(env.REDIS_URL!.trim()) };
    case 'REDIS_CLUSTER_NODES':
      return { kind: 'cluster', nodes: parseAddresses('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES!) };
    case 'REDIS_SENTINELS': {
      const name = env.REDIS_SENTINEL_NAME?.trim();
      if (!name) {
        throw new Error(
          'REDIS_SENTINEL_NAME is required with REDIS_SENTINELS: set it to the name the Sentinels monitor (e.g. mymaster)',
        );
      }
      return { kind: 'sentinel', sentinels: parseAddresses('REDIS_SENTINELS', env.REDIS_SENTINELS!), name };
    }
  }
}

function parseUrl(url: string): string {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new Error('REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://localhost:6379');
  }
  return url;
}

// host:port, or [IPv6]:port.
const ADDRESS = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

function parseAddresses(name: string, value: string): RedisAddress[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry) => {
    const match = ADDRESS.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65_535) {
      throw new Error(
        `${name}: '${entry.slice(0, 60)}' is not host:port. Fix: a comma-separated list such as 10.0.0.1:6379,10.0.0.2:6379`,
      );
    }
    return { host: match[1] ?? match[2], port };
  });
}

/** `host:port,...` of a list of addresses, for log lines. */
export function describeAddresses(addresses: RedisAddress[]): string {
  return addresses
    .map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`))
    .join(',');
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
