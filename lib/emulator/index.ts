export * from './infobip.emulator';
export * from './start-emulator';
export { DEFAULT_BODY_LIMIT_BYTES } from './request-body';
export type { ReadableOutbox } from './dev.routes';
