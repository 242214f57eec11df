/** Phone numbers: 7 to 15 digits (E.164 without `+`), optionally written with a leading `+`. */
const PHONE = /^\+?[0-9]{7,15}$/;
/** A deliberately plain address check: one `@`, no spaces, a dot in the domain, at most 254 characters. */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** A phone number as the engine keeps it (digits only), or `undefined` when it is not one. */
export function normalizePhoneNumber(value: string): string | undefined {
  // A test and the string itself (no match array, no copy) when it is already in the kept form.
  if (!PHONE.test(value)) return undefined;
  return value.charCodeAt(0) === PLUS ? value.slice(1) : value;
}

const PLUS = 0x2b;

/**
 * An email address as the engine keeps it (lower case, so that per-destination
 * limits can't be dodged by changing case), or `undefined` when it is not one.
 */
export function normalizeEmailAddress(value: string): string | undefined {
  return value.length <= 254 && EMAIL.test(value) ? value.toLowerCase() : undefined;
}

/**
 * The form under which the engine files a destination: phone numbers without `+`,
 * email addresses in lower case, anything else unchanged. Used for lookups.
 */
export function normalizeDestination(value: string): string {
  return normalizePhoneNumber(value) ?? normalizeEmailAddress(value) ?? value;
}

/**
 * The one masked form of a destination, for logs, the console, responses and pages,
 * whoever owns it: a phone number (digits, with or without `+`) keeps only its last 4
 * digits (`+*******6727`; 2 of a number of 5 or 6 digits, none of a shorter one), an
 * email address its first character and domain (`j***@example.com`).
 */
export function maskDestination(value: string): string {
  const at = value.lastIndexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const digits = value.charCodeAt(0) === PLUS ? value.slice(1) : value;
  const visible = digits.length > 6 ? 4 : digits.length > 4 ? 2 : 0;
  return `+${'*'.repeat(digits.length - visible)}${digits.slice(digits.length - visible)}`;
}
