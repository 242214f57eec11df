import { isSupportedCountry, parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

/**
 * Number types a PIN may go to. Everything else is refused: premium-rate,
 * shared-cost, UAN, personal and toll-free numbers are how SMS pumping and
 * voice-call fraud turn verification messages into revenue, and pagers and
 * voicemail reach no person. An allow-list, so a type added to the metadata
 * later is refused until reviewed.
 */
export const ACCEPTED_NUMBER_TYPES: readonly NumberType[] = Object.freeze([
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'FIXED_LINE',
  'VOIP',
]);

/**
 * Calling codes of no country (satellite phones, international networks: +870, +881,
 * +882, +883…) that may be listed in `allowedCountries`; their numbers are refused
 * unless listed, since they cost many times a national SMS and are a favourite of SMS
 * pumping. Toll-free, shared-cost and premium ones (+800, +808, +979) are refused by type.
 */
export const INTERNATIONAL_NETWORK_CODES: readonly string[] = Object.freeze([
  '+870',
  '+878',
  '+881',
  '+882',
  '+883',
  '+888',
]);

/** Why a phone destination is refused. */
export type PhoneRefusal = 'invalid' | 'number_type' | 'country' | 'international_network';

/** Safe to show to the user (never the number itself). */
export const PHONE_REFUSAL_MESSAGES: Readonly<Record<PhoneRefusal, string>> = Object.freeze({
  invalid: 'The destination must be a phone number in international format.',
  number_type: 'Codes cannot be sent to this kind of phone number.',
  country: 'Codes cannot be sent to phone numbers of this country.',
  international_network: 'Codes cannot be sent to satellite or international-network numbers.',
});

/**
 * Checks a phone destination (international digits without `+`, as
 * `normalizeDestination` gives them) against the numbering plan and the
 * country allow-list (ISO codes, and calling codes of
 * {@link INTERNATIONAL_NETWORK_CODES} such as `+881`, which are refused unless listed). The number must be valid as written: a national trunk
 * prefix after the country code (`+44 07…`) is refused rather than silently
 * rewritten, so the number checked is the number sent to.
 * @returns why it is refused, or `undefined` when it may receive a PIN.
 */
export function checkPhoneDestination(
  digits: string,
  allowedCountries?: readonly string[],
): PhoneRefusal | undefined {
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed || parsed.number !== `+${digits}` || !parsed.isValid()) return 'invalid';
  const type = parsed.getType();
  if (type === undefined || !ACCEPTED_NUMBER_TYPES.includes(type)) return 'number_type';
  if (parsed.country === undefined) {
    const allowed = allowedCountries?.includes(`+${parsed.countryCallingCode}`) ?? false;
    return allowed ? undefined : 'international_network';
  }
  if (allowedCountries && !allowedCountries.includes(parsed.country)) return 'country';
  return undefined;
}

/**
 * Whether `code` is an upper-case ISO 3166-1 alpha-2 code with a numbering plan, or
 * one of {@link INTERNATIONAL_NETWORK_CODES}.
 */
export function isKnownCountry(code: unknown): code is string {
  if (typeof code !== 'string') return false;
  return INTERNATIONAL_NETWORK_CODES.includes(code) || (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code));
}
