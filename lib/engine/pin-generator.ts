import { randomInt } from 'node:crypto';
import type { PinType } from '../infobip/infobip.types';

/** Characters of each PIN type. Letters are upper case; verification ignores case. */
export const PIN_ALPHABETS: Readonly<Record<PinType, string>> = {
  NUMERIC: '0123456789',
  ALPHA: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  HEX: '0123456789ABCDEF',
  ALPHANUMERIC: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
};

/** Shortest PIN a template may ask for. */
export const MIN_PIN_LENGTH = 1;
/** Longest PIN a template may ask for (Infobip states no bound; this keeps records small). */
export const MAX_PIN_LENGTH = 32;

/**
 * A PIN of `length` characters of `type`'s alphabet, each drawn independently and
 * uniformly with `crypto.randomInt` (unbiased, from the CSPRNG). Leading zeros are
 * kept: `0042` is a 4-digit PIN.
 */
export function generatePin(type: PinType, length: number): string {
  const alphabet = PIN_ALPHABETS[type];
  if (!alphabet) throw new RangeError(`unknown PIN type ${String(type)}`);
  if (!Number.isSafeInteger(length) || length < MIN_PIN_LENGTH || length > MAX_PIN_LENGTH) {
    throw new RangeError(`PIN length must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH}, got ${length}`);
  }
  let pin = '';
  for (let i = 0; i < length; i++) pin += alphabet[randomInt(alphabet.length)];
  return pin;
}
