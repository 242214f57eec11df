import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort, NO_SYNC_DELAY, startRedisServer, type TestRedisServer } from './redis-process';

const run = promisify(execFile);

/** Options of {@link startRedisSentinel}. */
export interface RedisSentinelOptions {
  /** Name of the monitored primary. @default 'mymaster' */
  name?: string;
  /** Sentinel `down-after-milliseconds`: how long the primary may be silent (long enough that a loaded machine does not fail over by itself). @default 1500 */
  downAfterMs?: number;
  /** Sentinel `failover-timeout`. @default 5000 */
  failoverTimeoutMs?: number;
}

/**
 * A primary, one replica and three Sentinels (quorum 2) on free loopback ports, started by this
 * test run: Redis as it runs behind Sentinel in production, small enough for CI.
 */
export interface TestRedisSentinel {
  /** Name of the monitored primary (`REDIS_SENTINEL_NAME`). */
  readonly name: string;
  /** The two data nodes; which one is primary changes with each failover. */
  readonly servers: TestRedisServer[];
  /** The three Sentinels. */
  readonly sentinels: TestRedisServer[];
  /** `host`/`port` of the Sentinels, as ioredis' `sentinels` option takes them. */
  readonly sentinelAddresses: { host: string; port: number }[];
  /** A new ioredis client on the current primary, found through the Sentinels; the caller closes it. */
  client(options?: RedisOptions): Redis;
  /** The data node the Sentinels name as primary now. */
  primary(): Promise<TestRedisServer>;
  /**
   * Kills the primary (SIGKILL), waits until the Sentinels promoted the replica and the new
   * primary answers as one, then starts the killed node again, empty, as the new primary's
   * replica and waits until it has synchronised: ready for the next failover.
   * `afterKill` runs right after the kill (e.g. to let a paused replica run again).
   * Answers the new primary.
   */
  failover(afterKill?: () => void): Promise<TestRedisServer>;
  /** Waits until the replica is in sync again and every Sentinel sees it (after it was stopped). */
  waitForReplica(): Promise<void>;
  /** Stops every process and deletes the Sentinels' config files. */
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `redis-cli` answers of `SENTINEL MASTER` / `SENTINEL REPLICAS`: field, value, field, value... */
function fields(lines: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length; i += 2) map.set(lines[i], lines[i + 1]);
  return map;
}

/**
 * Whether `sentinel` sees `primaryPort` as a healthy primary with the other two Sentinels and a
 * healthy replica: only then can the Sentinels agree on a failover at once (they find each other
 * and the replicas through the primary, every second or two).
 */
async function watching(sentinel: TestRedisServer, name: string, primaryPort: number): Promise<boolean> {
  const master = fields((await cli(sentinel.port, 'sentinel', 'master', name)).trim().split('\n'));
  if (Number(master.get('port')) !== primaryPort || master.get('flags') !== 'master') return false;
  if (master.get('num-other-sentinels') !== '2') return false;
  // One flat list of field/value lines, a `name` field opening each replica.
  const lines = (await cli(sentinel.port, 'sentinel', 'replicas', name)).trim().split('\n');
  const starts = lines.flatMap((line, i) => (line === 'name' && i % 2 === 0 ? [i] : []));
  return starts.some((start, k) => {
    const replica = fields(lines.slice(start, starts[k + 1]));
    return replica.get('flags') === 'slave' && replica.get('master-link-status') === 'ok';
  });
}

/** Starts a primary, a replica and three Sentinels; answers once the replica is in sync. */
export async function startRedisSentinel(options: RedisSentinelOptions = {}): Promise<TestRedisSentinel> {
  const name = options.name ?? 'mymaster';
  const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-'));
  const servers: TestRedisServer[] = [];
  const sentinels: TestRedisServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all([...sentinels, ...servers].map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const synced = (replica: TestRedisServer) =>
    until('replica in sync', async () => {
      const info = await cli(replica.port, 'info', 'replication');
      return /master_link_status:up/.test(info) ? true : undefined;
    });
  try {
    const first = await startRedisServer({ args: NO_SYNC_DELAY });
    servers.push(first);
    const replica = await startRedisServer({
      args: [...NO_SYNC_DELAY, '--replicaof', '127.0.0.1', String(first.port)],
    });
    servers.push(replica);
    await synced(replica);
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const configFile = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        configFile,
        [
          `sentinel monitor ${name} 127.0.0.1 ${first.port} 2`,
          `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1_500}`,
          `sentinel failover-timeout ${name} ${options.failoverTimeoutMs ?? 5_000}`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(
        await startRedisServer(
          { configFile, args: ['--sentinel', '--dir', dir], readyLine: '+monitor master' },
          port,
        ),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const ready = (primaryPort: number) =>
    until('Sentinels ready', async () => {
      const states = await Promise.all(sentinels.map((sentinel) => watching(sentinel, name, primaryPort)));
      return states.every(Boolean) ? true : undefined;
    });
  await ready(servers[0].port).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const sentinelAddresses = sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port }));
  const primaryPort = async (): Promise<number> => {
    const answer = await cli(sentinels[0].port, 'sentinel', 'get-master-addr-by-name', name);
    return Number(answer.trim().split('\n')[1]);
  };
  const primary = async (): Promise<TestRedisServer> => {
    const port = await primaryPort();
    const server = servers.find((candidate) => candidate.port === port);
    if (!server) throw new Error(`Sentinel names an unknown primary on port ${port}`);
    return server;
  };
  return {
    name,
    servers,
    sentinels,
    sentinelAddresses,
    client: (clientOptions) => new Redis({ ...clientOptions, sentinels: sentinelAddresses, name }),
    primary,
    async failover(afterKill) {
      const old = await primary();
      await old.kill();
      afterKill?.();
      const promoted = await until('failover', async () => {
        // Every Sentinel must agree, and the promoted node must have taken the role.
        const ports = await Promise.all(
          sentinels.map(async (sentinel) =>
            Number((await cli(sentinel.port, 'sentinel', 'get-master-addr-by-name', name)).split('\n')[1]),
          ),
        );
        if (ports.some((port) => port !== ports[0]) || ports[0] === old.port) return undefined;
        const next = servers.find((server) => server.port === ports[0]);
        if (!next || !/role:master/.test(await cli(next.port, 'info', 'replication'))) return undefined;
        return next;
      });
      await old.start(['--replicaof', '127.0.0.1', String(promoted.port)]);
      await synced(old);
      await ready(promoted.port);
      return promoted;
    },
    async waitForReplica() {
      const current = await primary();
      await synced(servers.find((server) => server !== current)!);
      await ready(current.port);
    },
    stop,
  };
}
