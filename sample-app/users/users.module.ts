import { Module } from '@nestjs/common';
import { TwoFactorService } from 'nestjs-infobip-2fa';
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
      // Unconfirmed accounts expire on the 2FA module's clock.
      useFactory: (twoFactor: TwoFactorService, redis: SampleRedis | null | undefined) => {
        const now = () => twoFactor.now();
        return redis ? new RedisUserStore(redis.client, redis.prefix, now) : new InMemoryUserStore(now);
      },
      inject: [TwoFactorService, { token: SAMPLE_REDIS, optional: true }],
    },
  ],
  exports: [UsersService],
})
export class UsersModule {}
