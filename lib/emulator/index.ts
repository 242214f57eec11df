export * from './infobip.emulator';
export * from './start-emulator';
export type { EmulatorCredentials } from './credentials.verifier';
export { ACCOUNT_LIMITS, type AccountLimit } from './account-limits';
export { DEFAULT_BODY_LIMIT_BYTES } from './request-body';
export type { ReadableOutbox } from './dev.routes';
export * from './emulator-faults';
export { EMULATOR_FAULT_KINDS } from './emulator-fault.types';
export type {
  ActiveEmulatorFault,
  EmulatorFaultKind,
  EmulatorFaultMatch,
  EmulatorFaultRule,
  TwoFactorOperationName,
} from './emulator-fault.types';
