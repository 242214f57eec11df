import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { isCluster, type RedisClient } from 'nestjs-infobip-2fa/redis';

/**
 * `@nestjs/throttler` counting in Redis, so that a limit holds across instances:
 * `@nest-lab/throttler-storage-redis` (one Lua script per hit) with the app's key prefix in
 * front of the throttler's keys. It hash-tags each key's pair of Redis keys, so a cluster
 * spreads them over its slots. It uses the app's client and never closes it.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly storage: ThrottlerStorageRedisService;

  constructor(
    client: RedisClient,
    private readonly prefix: string,
  ) {
    // Two overloads, one per client class.
    this.storage = isCluster(client)
      ? new ThrottlerStorageRedisService(client)
      : new ThrottlerStorageRedisService(client);
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    return this.storage.increment(this.prefix + key, ttl, limit, blockDuration, throttlerName);
  }
}
