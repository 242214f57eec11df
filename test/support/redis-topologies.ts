import Redis, { type Cluster } from 'ioredis';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster';
import { startRedisSentinel, type TestRedisSentinel } from './redis-sentinel';
import { describeWithRedis, startRedisServer, type TestRedisServer } from './redis-server';

/** Options every client of a topology gets, e.g. `{ enableOfflineQueue: false }`. */
export interface TopologyClientOptions {
  enableOfflineQueue?: boolean;
  maxRetriesPerRequest?: number;
}

/** Redis as production runs it, started for one suite: one server, a cluster, or Sentinel. */
export interface RedisTopology {
  readonly kind: 'server' | 'cluster' | 'sentinel';
  /** A new client (the caller closes it with `disconnect()` or `quit()`). */
  client(options?: TopologyClientOptions): Redis | Cluster;
  /** The environment the sample app reads to reach this Redis. */
  env(): Record<string, string>;
  /** Deletes every key on every primary. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

function server(redis: TestRedisServer): RedisTopology {
  return {
    kind: 'server',
    client: (options = {}) => new Redis(redis.url, options),
    env: () => ({ REDIS_URL: redis.url }),
    async flush() {
      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
    },
    stop: () => redis.stop(),
  };
}

function cluster(redis: TestRedisCluster): RedisTopology {
  return {
    kind: 'cluster',
    client: (options = {}) =>
      redis.client({ enableOfflineQueue: options.enableOfflineQueue, redisOptions: options }),
    env: () => ({ REDIS_CLUSTER_NODES: redis.seeds.map(({ host, port }) => `${host}:${port}`).join(',') }),
    async flush() {
      const client = redis.client();
      await client.ping();
      await Promise.all(client.nodes('master').map((node) => node.flushall()));
      client.disconnect();
    },
    stop: () => redis.stop(),
  };
}

function sentinel(redis: TestRedisSentinel): RedisTopology {
  return {
    kind: 'sentinel',
    client: (options) => redis.client(options),
    env: () => ({
      REDIS_SENTINELS: redis.sentinelAddresses.map(({ host, port }) => `${host}:${port}`).join(','),
      REDIS_SENTINEL_NAME: redis.name,
    }),
    async flush() {
      const client = redis.client();
      await client.flushall();
      client.disconnect();
    },
    stop: () => redis.stop(),
  };
}

/** Starters of the three topologies, by kind. */
export const TOPOLOGIES: Record<RedisTopology['kind'], () => Promise<RedisTopology>> = {
  server: async () => server(await startRedisServer()),
  cluster: async () => cluster(await startRedisCluster()),
  sentinel: async () => sentinel(await startRedisSentinel()),
};

/**
 * Runs `body` once per topology (one server, a 3-primary cluster, a primary + replica + 3
 * Sentinels), each started before and stopped after its `describe`; `redis()` answers the running
 * one (or only the `kinds` given). Skipped loudly without redis-server, as {@link describeWithRedis}.
 */
export function describeOnEachRedis(
  name: string,
  body: (redis: () => RedisTopology) => void,
  kinds: RedisTopology['kind'][] = ['server', 'cluster', 'sentinel'],
): void {
  for (const kind of kinds) {
    describeWithRedis(`${name} (${kind})`, () => {
      let topology: RedisTopology | undefined;
      beforeAll(async () => {
        topology = await TOPOLOGIES[kind]();
      });
      afterAll(async () => {
        await topology?.stop();
      });
      body(() => {
        if (!topology) throw new Error(`the ${kind} topology did not start`);
        return topology;
      });
    });
  }
}
