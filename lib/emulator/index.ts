export * from './infobip.emulator';
export * from './start-emulator';
export { ACCOUNT_LIMITS, type AccountLimit, type EmulatorCredentials } from './access';
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
