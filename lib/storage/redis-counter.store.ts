import type { CounterHit, CounterLimit, CounterState, CounterStore } from './counter-store.interface';
import {
  ReplicaConfirmation,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from './redis/replica-confirmation';
import { defineScripts } from './redis/define-scripts';

/** Options of {@link RedisCounterStore}. */
export interface RedisCounterStoreOptions {
  /**
   * An ioredis client the application owns; the store never closes it: a `Redis` (one server,
   * or a primary found through Sentinel) or a `Cluster`. Each counter is one key, so counters
   * spread over a cluster's slots.
   */
  client: RedisClient;
  /**
   * Key prefix.
   * @default '2fa:counter:'
   */
  prefix?: string;
  /**
   * Replica confirmation of each hit (failures, lockouts, limits), so that a failover can't
   * forget a counted hit; `false` turns it off. See {@link ReplicaConfirmationOptions}.
   * @default { replicas: 'auto', timeoutMs: 1000 }
   */
  confirmWrites?: ReplicaConfirmationOptions | false;
}

/**
 * One fixed window per key: check the limit and count the hit in a single Lua
 * script, so parallel requests on several instances can never exceed it.
 * Window arithmetic uses the caller's `now` (the module's clock); Redis TTLs only
 * collect spent windows, and the clock never runs slower than real time, so a TTL
 * can't end a window early.
 */
const HIT_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'c', 'r')
local count = tonumber(state[1])
local resetAt = tonumber(state[2])
if count == nil or resetAt == nil or resetAt <= now then
  count = 0
  resetAt = now + window
end
if count >= limit then
  return {0, count, resetAt}
end
count = count + 1
redis.call('HSET', KEYS[1], 'c', count, 'r', resetAt)
redis.call('PEXPIRE', KEYS[1], resetAt - now)
return {1, count, resetAt}
`;

const COMMAND = 'nestjsInfobip2faCounterHit';

type Hit = [number, number, number];

/**
 * {@link CounterStore} on Redis: shared by every instance of the application. Works on one
 * server, behind Sentinel and on a Cluster; with replicas, each hit is confirmed by one before
 * it counts (`confirmWrites`).
 */
export class RedisCounterStore implements CounterStore {
  private readonly client: RedisClient;
  private readonly prefix: string;
  private readonly writes: ReplicaConfirmation;

  constructor(options: RedisCounterStoreOptions) {
    if (!options?.client) throw new TypeError('RedisCounterStore: options.client must be an ioredis client');
    this.prefix = options.prefix ?? '2fa:counter:';
    this.client = defineScripts(options.client, { [COMMAND]: { numberOfKeys: 1, lua: HIT_SCRIPT } });
    this.writes = new ReplicaConfirmation(options.client, options.confirmWrites, 'RedisCounterStore');
  }

  async hit(key: string, limit: CounterLimit, now: number): Promise<CounterHit> {
    const [allowed, count, resetAt] = await this.writes.run<Hit>(
      COMMAND,
      this.prefix + key,
      limit.count,
      limit.windowMs,
      now,
    );
    return { allowed: allowed === 1, count: Number(count), resetAt: Number(resetAt) };
  }

  async get(key: string, now: number): Promise<CounterState | undefined> {
    const [count, resetAt] = await this.client.hmget(this.prefix + key, 'c', 'r');
    if (count === null || resetAt === null || Number(resetAt) <= now) return undefined;
    return { count: Number(count), resetAt: Number(resetAt) };
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }
}
