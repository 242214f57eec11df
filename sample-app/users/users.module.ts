import { Module } from '@nestjs/common';
import { SAMPLE_REDIS } from '../redis/sample-redis.module';
import type { SampleRedis } from '../redis/sample-redis';
import { InMemoryUserStore } from './in-memory-user.store';
import { RedisUserStore } from './redis-user.store';
import { USER_STORE } from './user-store.interface';
import { UsersService } from './users.service';

/** Accounts of the sample app: in Redis when the app has one (`REDIS_URL`), else in this process. */
@Module({
  providers: [
    UsersService,
    {
      provide: USER_STORE,
      useFactory: (redis: SampleRedis | null | undefined) =>
        redis ? new RedisUserStore(redis.client, redis.prefix) : new InMemoryUserStore(),
      inject: [{ token: SAMPLE_REDIS, optional: true }],
    },
  ],
  exports: [UsersService],
})
export class UsersModule {}
