import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { SampleRedis } from './sample-redis';

/** Injection token of the app's {@link SampleRedis}, `null` without `REDIS_URL`. */
export const SAMPLE_REDIS = Symbol('SampleRedis');

/** Makes the app's Redis connection (or `null`) injectable everywhere; it closes with the app. */
@Global()
@Module({})
export class SampleRedisModule {
  static forRoot(redis: SampleRedis | null): DynamicModule {
    return {
      module: SampleRedisModule,
      providers: [{ provide: SAMPLE_REDIS, useValue: redis }],
      exports: [SAMPLE_REDIS],
    };
  }
}
