import {
  getExampleNumber,
  parsePhoneNumberWithError,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { maskDestination } from 'nestjs-infobip-2fa/express';

// Numbers a PIN can reach by SMS and voice. Premium-rate, shared-cost, toll-free, VoIP and
// pager ranges are refused: texting them costs money or feeds SMS-pumping fraud.
const ACCEPTED_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * Normalises a phone number to E.164 (`+41791236727`): international (`+41 79 123 67 27`), or
 * national (`079 123 67 27`) when a default region (ISO code, e.g. `CH`) is given.
 * Returns undefined unless it is a valid mobile (or fixed-line-or-mobile) number.
 */
export function normalizePhone(input: string, defaultRegion?: CountryCode): string | undefined {
  try {
    const number = parsePhoneNumberWithError(input, defaultRegion);
    const type = number.getType();
    return number.isValid() && type !== undefined && ACCEPTED_TYPES.has(type) ? number.number : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Masks an E.164 number the one way the 2FA module, its console and every page do
 * (`+*******6727`), whoever the number belongs to: a page must not tell a number on file from
 * one just typed in.
 */
export function maskPhone(e164: string): string {
  return maskDestination(e164);
}

/** A mobile number of `region` as people there write it, e.g. `078 123 45 67` for CH. */
export function exampleNumber(region: CountryCode): string {
  return getExampleNumber(region, examples)?.formatNational() ?? '+41 79 123 45 67';
}
