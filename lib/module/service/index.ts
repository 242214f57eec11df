export * from './two-factor.service';
export * from './two-factor.events';
export { REMEMBERED_DEVICE_COOKIE } from './remembered-devices';
export { RECOVERY_CODE_COUNT } from './recovery-codes';
