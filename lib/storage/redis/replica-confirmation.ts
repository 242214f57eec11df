import type { Cluster, Redis } from 'ioredis';

/** A client of one Redis (direct or through Sentinel) or of a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * How the Redis stores make sure a security-relevant write (an attempt used, a PIN consumed, a
 * send or a failure counted) survives a failover: Redis replicates asynchronously, so a write
 * the primary acknowledged can vanish when a replica is promoted, handing out fresh attempts or
 * a second use of a PIN. After such a write the store sends `WAIT replicas timeoutMs` on the same
 * connection; fewer confirmations in time and the write counts as failed (the call rejects with
 * {@link ReplicaConfirmationError}, and the module answers 503), never as done.
 */
export interface ReplicaConfirmationOptions {
  /**
   * Replicas that must confirm each write, or `'auto'`: one when, at the store's first write,
   * the primary (on a cluster: every primary) has a replica, none otherwise. The decision is
   * kept: a primary that lost its replicas fails closed until one is back.
   * @default 'auto'
   */
  replicas?: number | 'auto';
  /**
   * How long to wait for the confirmations, in milliseconds.
   * @default 1000
   */
  timeoutMs?: number;
}

/** A write that the required replicas did not confirm in time: treat it as failed. */
export class ReplicaConfirmationError extends Error {
  override readonly name = 'ReplicaConfirmationError';
}

/** Whether `client` talks to a Redis Cluster. */
export function isCluster(client: RedisClient): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

async function replicaCount(node: Redis): Promise<number> {
  const info = await node.info('replication');
  return Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? 0);
}

/** 1 when every primary `client` writes to has a replica, else 0. */
async function detectReplicas(client: RedisClient): Promise<number> {
  if (!isCluster(client)) return (await replicaCount(client)) > 0 ? 1 : 0;
  if (client.nodes('master').length === 0) await client.ping();
  const counts = await Promise.all(client.nodes('master').map(replicaCount));
  return counts.length > 0 && Math.min(...counts) > 0 ? 1 : 0;
}

type Arg = string | number;
type Reply = [Error | null, unknown][] | null;
type Commands = Record<string, (...args: Arg[]) => Promise<unknown>>;

/**
 * Runs a store's write commands with {@link ReplicaConfirmationOptions}: the command and `WAIT`
 * in one pipeline, hence on one connection (on a cluster, the connection to the primary of the
 * command's keys).
 */
export class ReplicaConfirmation {
  private readonly timeoutMs: number;
  private required?: number;
  private detecting?: Promise<number>;

  /**
   * @param owner Class name for error messages, e.g. `RedisCounterStore`.
   * @throws TypeError naming the option when `options` is malformed.
   */
  constructor(
    private readonly client: RedisClient,
    options: ReplicaConfirmationOptions | false | undefined,
    owner: string,
  ) {
    const { replicas = 'auto', timeoutMs = 1_000 } = options === false ? { replicas: 0 } : (options ?? {});
    if (replicas !== 'auto' && !(Number.isInteger(replicas) && replicas >= 0)) {
      throw new TypeError(
        `${owner}: options.confirmWrites.replicas must be 'auto' or a whole number >= 0. Fix: leave it out ('auto'), or give the replicas each write needs`,
      );
    }
    if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
      throw new TypeError(
        `${owner}: options.confirmWrites.timeoutMs must be a whole number of milliseconds > 0. Fix: leave it out (1000) or give e.g. 500`,
      );
    }
    this.timeoutMs = timeoutMs;
    if (replicas !== 'auto') this.required = replicas;
  }

  /** Runs `command` (a command or a script defined on the client) and, when required, `WAIT`. */
  async run<T>(command: string, ...args: Arg[]): Promise<T> {
    const replicas = this.required ?? (await this.detect());
    if (replicas === 0) return (await (this.client as unknown as Commands)[command](...args)) as T;
    try {
      return await this.confirmed<T>(replicas, command, args);
    } catch (error) {
      // A cluster moved the slot (a failover): the node refused the command, so it ran nowhere.
      // Learn the new owner and send it once more.
      const client = this.client;
      if (!isCluster(client) || !/^(MOVED|ASK) /.test((error as Error).message)) throw error;
      await new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve()));
      return this.confirmed<T>(replicas, command, args);
    }
  }

  private async confirmed<T>(replicas: number, command: string, args: Arg[]): Promise<T> {
    const pipeline = this.client.pipeline() as unknown as Commands & { exec(): Promise<Reply> };
    void pipeline[command](...args);
    void pipeline.wait(replicas, this.timeoutMs);
    const replies = await pipeline.exec();
    if (!replies || replies.length !== 2) throw new Error('Redis answered no replies to a pipeline');
    const [[error, reply], [waitError, confirmed]] = replies;
    if (error) throw error;
    if (waitError) throw waitError;
    if (Number(confirmed) < replicas) {
      throw new ReplicaConfirmationError(
        `${Number(confirmed)} of ${replicas} Redis replicas confirmed a write within ${this.timeoutMs} ms: treated as failed`,
      );
    }
    return reply as T;
  }

  private detect(): Promise<number> {
    this.detecting ??= detectReplicas(this.client).then(
      (replicas) => (this.required = replicas),
      (error: unknown) => {
        this.detecting = undefined;
        throw error;
      },
    );
    return this.detecting;
  }
}
