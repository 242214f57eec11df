import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, type ClusterOptions } from 'ioredis';
import { freePort, NO_SYNC_DELAY, startRedisServer, type TestRedisServer } from './redis-process';

const run = promisify(execFile);

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** @default 3 */
  primaries?: number;
  /** Replicas of each primary. @default 0 */
  replicasPerPrimary?: number;
  /**
   * How long a node may be unreachable before the others fail it over (short, so that tests of
   * a failover take a second, not fifteen).
   * @default 1000
   */
  nodeTimeoutMs?: number;
}

/** A Redis Cluster on free loopback ports that this test run started, and nothing else. */
export interface TestRedisCluster {
  /** Every node, primaries first as created (a failover changes who is primary). */
  readonly nodes: TestRedisServer[];
  /** `host:port` of every node, as `REDIS_CLUSTER_NODES` takes them. */
  readonly seeds: { host: string; port: number }[];
  /** A new ioredis `Cluster` client on the seeds; the caller closes it. */
  client(options?: ClusterOptions): Cluster;
  /** Stops every node and deletes the cluster's config files. */
  stop(): Promise<void>;
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'cluster', 'info']);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
}

/**
 * Waits until every given node says `cluster_state:ok` (all slots served), polling with
 * `redis-cli`; fails after `timeoutMs`.
 */
export async function waitForClusterOk(ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(ports.map((port) => clusterState(port).catch(() => 'down')));
    if (states.every((state) => state === 'ok')) return;
    if (Date.now() > deadline) throw new Error(`cluster not ok after ${timeoutMs} ms: ${states.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until every replica among `ports` is in sync with its primary (`master_link_status:up`).
 */
export async function waitForReplicas(ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(
      ports.map((port) =>
        run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'info', 'replication']).then(
          ({ stdout }) => stdout,
          () => 'down',
        ),
      ),
    );
    const lagging = infos.filter((info) => /role:slave/.test(info) && !/master_link_status:up/.test(info));
    if (lagging.length === 0 && !infos.includes('down')) return;
    if (Date.now() > deadline) throw new Error(`replicas not in sync after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once the node on `port` answers as a primary (after the cluster promoted it). */
export async function waitForPrimary(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'info', 'replication']);
    if (/role:master/.test(stdout)) return;
    if (Date.now() > deadline) throw new Error(`node ${port} not promoted after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts `primaries` x (1 + `replicasPerPrimary`) `redis-server --cluster-enabled yes` on free
 * loopback ports, joins them with `redis-cli --cluster create ... --cluster-yes`, and waits
 * until the cluster serves every slot and every replica is in sync.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<TestRedisCluster> {
  const primaries = options.primaries ?? 3;
  const replicas = options.replicasPerPrimary ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const nodes: TestRedisServer[] = [];
  try {
    for (let i = 0; i < primaries * (1 + replicas); i++) {
      const port = await freePort();
      const args = [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        String(options.nodeTimeoutMs ?? 1_000),
        ...NO_SYNC_DELAY,
      ];
      nodes.push(await startRedisServer({ args }, port));
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    await waitForClusterOk(nodes.map((node) => node.port));
    if (replicas > 0) await waitForReplicas(nodes.map((node) => node.port));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const seeds = nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
  return {
    nodes,
    seeds,
    client: (clientOptions) => new Cluster(seeds, clientOptions),
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
