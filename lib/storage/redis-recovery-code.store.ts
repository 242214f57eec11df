import {
  ReplicaConfirmation,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from './redis/replica-confirmation';
import { defineScripts } from './redis/define-scripts';
import type { RecoveryCodeStore, RecoveryCodeUse } from './recovery-code-store.interface';

/** Options of {@link RedisRecoveryCodeStore}. */
export interface RedisRecoveryCodeStoreOptions {
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

// One Lua script per check-and-update: atomic on one Redis, and on Redis Cluster since the
// user's keys share the hash tag `{userKey}`.
const REPLACE = `
redis.call('DEL', KEYS[1])
if #ARGV > 0 then redis.call('SADD', KEYS[1], unpack(ARGV)) end
return 1
`;
const CONSUME = `
local removed = redis.call('SREM', KEYS[1], ARGV[1])
return {removed, redis.call('SCARD', KEYS[1])}
`;

const COMMANDS = {
  replace: 'nestjsInfobip2faRecoveryReplace',
  consume: 'nestjsInfobip2faRecoveryConsume',
} as const;

type ScriptClient = RedisClient & {
  [COMMANDS.replace](key: string, ...digests: string[]): Promise<number>;
  [COMMANDS.consume](key: string, digest: string): Promise<[number, number]>;
};

/**
 * {@link RecoveryCodeStore} on Redis: one set per user, `<prefix>rc:{<userKey>}`,
 * shared by every instance of the application.
 */
export class RedisRecoveryCodeStore implements RecoveryCodeStore {
  private readonly client: ScriptClient;
  private readonly prefix: string;
  private readonly writes: ReplicaConfirmation;

  constructor(options: RedisRecoveryCodeStoreOptions) {
    if (!options?.client)
      throw new TypeError('RedisRecoveryCodeStore: options.client must be an ioredis client');
    this.prefix = options.prefix ?? '2fa:';
    const client = defineScripts<ScriptClient>(options.client, {
      [COMMANDS.replace]: { numberOfKeys: 1, lua: REPLACE },
      [COMMANDS.consume]: { numberOfKeys: 1, lua: CONSUME },
    });
    this.client = client;
    this.writes = new ReplicaConfirmation(client, options.confirmWrites, 'RedisRecoveryCodeStore');
  }

  async replace(userKey: string, digests: readonly string[]): Promise<void> {
    await this.writes.run(COMMANDS.replace, this.key(userKey), ...digests);
  }

  async consume(userKey: string, digest: string): Promise<RecoveryCodeUse> {
    const [removed, left] = await this.writes.run<[number, number]>(
      COMMANDS.consume,
      this.key(userKey),
      digest,
    );
    return { consumed: removed === 1, left: Number(left) };
  }

  count(userKey: string): Promise<number> {
    return this.client.scard(this.key(userKey));
  }

  async clear(userKey: string): Promise<void> {
    await this.writes.run('del', this.key(userKey));
  }

  private key(userKey: string): string {
    return `${this.prefix}rc:{${userKey}}`;
  }
}
