export * from '../time/clock';
export * from './outbox';
export * from './in-memory.outbox';
export * from './console.outbox';
export * from './fanout.outbox';
export { generatePin, PIN_ALPHABETS, MIN_PIN_LENGTH, MAX_PIN_LENGTH } from './pin-generator';
export * from './validation';
export * from './local-two-factor.engine';
