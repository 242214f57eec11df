import { RedisStore } from 'connect-redis';
import type { Redis } from 'ioredis';
import { isCluster, type RedisClient } from 'nestjs-infobip-2fa/redis';

/**
 * The slice of the node-redis client API that connect-redis 9 calls, on an ioredis client:
 * connect-redis passes `set` options as node-redis objects (`{ expiration: { type, value } }`),
 * which ioredis would send as a syntax error.
 */
function nodeRedisFacade(client: RedisClient): object {
  // A cluster scans node by node: each primary holds the keys of its slots.
  const scanned = (): Redis[] => (isCluster(client) ? client.nodes('master') : [client]);
  return {
    get: (key: string) => client.get(key),
    set: (key: string, value: string, options?: { expiration?: { type: 'EX'; value: number } }) =>
      options?.expiration ? client.set(key, value, 'EX', options.expiration.value) : client.set(key, value),
    expire: (key: string, seconds: number) => client.expire(key, seconds),
    // One key at a time: on a cluster the keys of one DEL must share a slot.
    del: async (keys: string[]) =>
      (await Promise.all(keys.map((key) => client.del(key)))).reduce((a, b) => a + b, 0),
    mGet: (keys: string[]) => Promise.all(keys.map((key) => client.get(key))),
    scanIterator: async function* (options: { MATCH: string; COUNT: number }) {
      for (const node of scanned()) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', options.MATCH, 'COUNT', options.COUNT);
          cursor = next;
          yield keys;
        } while (cursor !== '0');
      }
    },
  };
}

/**
 * express-session's store in Redis (connect-redis), shared by every instance. Each session is
 * one key `prefix` + session id, expiring with its cookie (idle timeout, shortened while a PIN
 * is pending); on a cluster, sessions spread over the slots.
 */
export function redisSessionStore(client: RedisClient, prefix: string): RedisStore {
  return new RedisStore({ client: nodeRedisFacade(client), prefix });
}
