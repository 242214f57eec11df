export * from './two-factor.module';
export {
  TWO_FACTOR_MODULE_EXTRAS,
  type TwoFactorOptionsFactory,
  type TwoFactorModuleForRootOptions,
  type TwoFactorModuleAsyncOptions,
} from './two-factor.module-definition';
export * from './two-factor-options.interface';
export * from './two-factor.service';
export * from './two-factor.guard';
export * from './send-pin.interceptor';
export * from './no-store.interceptor';
export * from './two-factor.controller';
export * from './two-factor-throttler.guard';
export * from './two-factor.exception';
export * from './two-factor-error-code';
export * from './two-factor-exception.filter';
export * from './two-factor-configuration.error';
export * from './two-factor.events';
export * from './two-factor-session';
export { checkSessionOptions } from './session-support';
export { FinalSignOutStore, type FinalSignOutStoreOptions } from './final-sign-out.store';
export * from './two-factor.tokens';
export { SECURE_APPLICATION_DEFAULTS, POLICY_LIMITS, DEFAULT_MESSAGE_TEXT } from './two-factor.constants';
export { pinSpace, pinEntropyBits, minimumPinLength, parsePin, type PinFormat } from './two-factor-policy';
export type { ResolvedPurpose, ResolvedTemplate } from './purpose.resolver';
export type { SendLimitName } from './normalized-options.interface';
export { maskDestination } from './destination';
export { ACCEPTED_NUMBER_TYPES, INTERNATIONAL_NETWORK_CODES } from './destination-policy';
export { CounterThrottlerStorage } from './counter-throttler.storage';
export { REMEMBERED_DEVICE_COOKIE } from './remembered-devices';
export { RECOVERY_CODE_COUNT } from './recovery-codes';
export { TrustedProxies } from './trusted-proxies';
export { ipLimitSubject } from './client-ip';
export * from './decorators';
