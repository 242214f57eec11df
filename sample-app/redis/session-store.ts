import { RedisStore } from 'connect-redis';
import type { Redis } from 'ioredis';

/**
 * The slice of the node-redis client API that connect-redis 9 calls, on an ioredis client:
 * connect-redis passes `set` options as node-redis objects (`{ expiration: { type, value } }`),
 * which ioredis would send as a syntax error.
 */
function nodeRedisFacade(client: Redis): object {
  return {
    get: (key: string) => client.get(key),
    set: (key: string, value: string, options?: { expiration?: { type: 'EX'; value: number } }) =>
      options?.expiration ? client.set(key, value, 'EX', options.expiration.value) : client.set(key, value),
    expire: (key: string, seconds: number) => client.expire(key, seconds),
    del: (keys: string[]) => client.del(...keys),
    mGet: (keys: string[]) => client.mget(keys),
    scanIterator: async function* (options: { MATCH: string; COUNT: number }) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', options.MATCH, 'COUNT', options.COUNT);
        cursor = next;
        yield keys;
      } while (cursor !== '0');
    },
  };
}

/**
 * express-session's store in Redis (connect-redis), shared by every instance. Each session is
 * one key `prefix` + session id, expiring with its cookie (idle timeout, shortened while a PIN
 * is pending).
 */
export function redisSessionStore(client: Redis, prefix: string): RedisStore {
  return new RedisStore({ client: nodeRedisFacade(client), prefix });
}
