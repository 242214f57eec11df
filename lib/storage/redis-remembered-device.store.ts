import {
  ReplicaConfirmation,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from './redis/replica-confirmation';
import { defineScripts } from './redis/define-scripts';
import type { RememberedDeviceStore } from './remembered-device-store.interface';

/** Options of {@link RedisRememberedDeviceStore}. */
export interface RedisRememberedDeviceStoreOptions {
  /**
   * An ioredis client the application owns (one server, Sentinel-managed, or a `Cluster`); the
   * store never closes it. A user's keys share one hash tag, so they work on a cluster.
   */
  client: RedisClient;
  /** Key prefix. @default '2fa:' */
  prefix?: string;
  /**
   * Replicas that must confirm each write before it counts (see {@link ReplicaConfirmationOptions});
   * `false`: none.
   * @default { replicas: 'auto', timeoutMs: 1000 }
   */
  confirmWrites?: ReplicaConfirmationOptions | false;
}

// Add, forget the expired ones and keep the key until the last device expires: one script.
const ADD = `
local now = tonumber(ARGV[3])
local last = tonumber(ARGV[2])
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local expiry = tonumber(entries[i + 1])
  if expiry <= now then redis.call('HDEL', KEYS[1], entries[i]) elseif expiry > last then last = expiry end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.max(1, last - now))
return 1
`;

const COMMAND = 'nestjsInfobip2faDeviceAdd';

type ScriptClient = RedisClient & {
  [COMMAND](key: string, digest: string, expiresAt: number, now: number): Promise<number>;
};

/**
 * {@link RememberedDeviceStore} on Redis: one hash per user, `<prefix>dev:{<userKey>}`
 * (device digest -> expiry), shared by every instance of the application.
 */
export class RedisRememberedDeviceStore implements RememberedDeviceStore {
  private readonly client: ScriptClient;
  private readonly prefix: string;
  private readonly writes: ReplicaConfirmation;

  constructor(options: RedisRememberedDeviceStoreOptions) {
    if (!options?.client)
      throw new TypeError('RedisRememberedDeviceStore: options.client must be an ioredis client');
    this.prefix = options.prefix ?? '2fa:';
    const client = defineScripts<ScriptClient>(options.client, {
      [COMMAND]: { numberOfKeys: 1, lua: ADD },
    });
    this.client = client;
    this.writes = new ReplicaConfirmation(client, options.confirmWrites, 'RedisRememberedDeviceStore');
  }

  async add(userKey: string, digest: string, expiresAt: number, now: number): Promise<void> {
    await this.writes.run(COMMAND, this.key(userKey), digest, expiresAt, now);
  }

  async has(userKey: string, digest: string, now: number): Promise<boolean> {
    const until = await this.client.hget(this.key(userKey), digest);
    return until !== null && Number(until) > now;
  }

  async forgetAll(userKey: string): Promise<void> {
    await this.writes.run('del', this.key(userKey));
  }

  private key(userKey: string): string {
    return `${this.prefix}dev:{${userKey}}`;
  }
}
