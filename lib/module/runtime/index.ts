export * from './two-factor.tokens';
export type { ResolvedPurpose, ResolvedTemplate } from './purpose.resolver';
export { CounterThrottlerStorage } from './counter-throttler.storage';
