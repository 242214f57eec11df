import { Test, type TestingModule } from '@nestjs/testing';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { InMemoryOutbox, LocalTwoFactorEngine, type Clock } from '../../lib/engine';
import { TwoFactorModule, type TwoFactorModuleOptions } from '../../lib/module';
import { RedisCounterStore } from '../../lib/storage/redis-counter.store';
import { RedisTwoFactorStore } from '../../lib/storage/redis-two-factor.store';
import { TestAuthController } from '../module/two-factor-test-app';

/** The engine secret every instance of a test process shares: each verifies the others' PINs. */
export const SHARED_ENGINE_SECRET = randomBytes(32);

/** One instance's compiled test module, and the outbox its engine delivers to. */
export interface RedisTestModule {
  moduleRef: TestingModule;
  outbox: InMemoryOutbox;
}

/**
 * One instance of the module's test app (`TestAuthController`, the global guard) with everything
 * on Redis under `prefix`: the engine's store (`<prefix>engine:`) and the counters
 * (`<prefix>counter:`), throttling off unless `options` say otherwise. Instances built with the
 * same prefix and clock share every PIN, attempt and limit.
 */
export async function compileRedisTestModule(
  client: Redis,
  prefix: string,
  clock: Clock,
  options: Partial<TwoFactorModuleOptions> = {},
): Promise<RedisTestModule> {
  const outbox = new InMemoryOutbox();
  const engine = new LocalTwoFactorEngine({
    store: new RedisTwoFactorStore({ client, prefix: `${prefix}engine:` }),
    clock,
    outbox,
    secret: SHARED_ENGINE_SECRET,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      TwoFactorModule.forRoot({
        provider: { kind: 'local', engine },
        purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
        counterStore: new RedisCounterStore({ client, prefix: `${prefix}counter:` }),
        throttle: false,
        ...options,
        globalGuard: true,
      }),
    ],
    controllers: [TestAuthController],
  }).compile();
  return { moduleRef, outbox };
}
