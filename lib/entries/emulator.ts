/**
 * An emulator of Infobip's 2FA REST API, served by the embedded engine:
 * `nestjs-infobip-2fa/emulator`.
 *
 * @packageDocumentation
 */
export { InfobipEmulator, type InfobipEmulatorOptions } from '../emulator/infobip.emulator';
export { startEmulator, type StartEmulatorOptions, type StartedEmulator } from '../emulator/start-emulator';
export { EmulatorFaults } from '../emulator/emulator-faults';
export {
  EMULATOR_FAULT_KINDS,
  type ActiveEmulatorFault,
  type EmulatorFaultKind,
  type EmulatorFaultMatch,
  type EmulatorFaultRule,
  type TwoFactorOperationName,
} from '../emulator/emulator-fault.types';
export type { ReadableOutbox } from '../emulator/dev.routes';
export { ACCOUNT_LIMITS, type AccountLimit, type EmulatorCredentials } from '../emulator/access';
