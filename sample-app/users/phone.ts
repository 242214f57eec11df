import { parsePhoneNumberWithError, type NumberType } from 'libphonenumber-js/max';

// Numbers a PIN can reach by SMS and voice. Premium-rate, shared-cost, toll-free, VoIP and
// pager ranges are refused: texting them costs money or feeds SMS-pumping fraud.
const ACCEPTED_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * Normalises an international phone number (`+41 79 123 67 27`) to E.164 (`+41791236727`).
 * Returns undefined unless it is a valid mobile (or fixed-line-or-mobile) number.
 */
export function normalizePhone(input: string): string | undefined {
  try {
    const number = parsePhoneNumberWithError(input);
    const type = number.getType();
    return number.isValid() && type !== undefined && ACCEPTED_TYPES.has(type) ? number.number : undefined;
  } catch {
    return undefined;
  }
}

/** Masks an E.164 number, keeping the country code and the last four digits: `+41*****6727`. */
export function maskPhone(e164: string): string {
  let countryCode = '';
  try {
    countryCode = parsePhoneNumberWithError(e164).countryCallingCode;
  } catch {
    // Keep nothing but the last digits of a number that no longer parses.
  }
  const visible = 1 + countryCode.length;
  const hidden = Math.max(e164.length - visible - 4, 0);
  return `+${countryCode}${'*'.repeat(hidden)}${e164.slice(-4)}`;
}
