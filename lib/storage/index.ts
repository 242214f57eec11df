export * from './two-factor-store.interface';
export * from './in-memory-two-factor.store';
export * from './expiry-schedule';
export * from './counter-store.interface';
export * from './in-memory-counter.store';
export * from './redis-counter.store';
export * from './redis-two-factor.store';
export * from './redis/replica-confirmation';
