export * from './two-factor-options.interface';
export { SECURE_APPLICATION_DEFAULTS, POLICY_LIMITS, DEFAULT_MESSAGE_TEXT } from './two-factor.constants';
export { pinSpace, pinEntropyBits, minimumPinLength, parsePin, type PinFormat } from './pin-format';
export type { SendLimitName } from './normalized-options.interface';
