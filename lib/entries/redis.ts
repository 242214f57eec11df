/**
 * Redis stores for several instances: `nestjs-infobip-2fa/redis`, the only entry point that
 * needs `ioredis`.
 *
 * @packageDocumentation
 */
export { RedisCounterStore, type RedisCounterStoreOptions } from '../storage/redis-counter.store';
export { RedisTwoFactorStore, type RedisTwoFactorStoreOptions } from '../storage/redis-two-factor.store';
export {
  RedisRecoveryCodeStore,
  type RedisRecoveryCodeStoreOptions,
} from '../storage/redis-recovery-code.store';
export {
  RedisRememberedDeviceStore,
  type RedisRememberedDeviceStoreOptions,
} from '../storage/redis-remembered-device.store';
export {
  isCluster,
  ReplicaConfirmation,
  ReplicaConfirmationError,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from '../storage/redis/replica-confirmation';
