import type { PinChannel } from '../infobip/infobip.types';

const PHONE = /^\+?([0-9]{7,15})$/;
const PHONE_SEPARATORS = /[\s().-]/g;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** Which destinations a channel takes. */
export function destinationKind(channel: PinChannel): 'phone' | 'email' {
  return channel === 'email' ? 'email' : 'phone';
}

/**
 * The destination as the provider takes it: phone numbers as international digits
 * without `+` (spaces, dots, dashes and parentheses ignored), email addresses in
 * lower case; `undefined` when it is neither for the channel.
 */
export function normalizeDestination(value: unknown, channel: PinChannel): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (destinationKind(channel) === 'email') {
    const email = value.trim();
    return email.length <= 254 && EMAIL.test(email) ? email.toLowerCase() : undefined;
  }
  return PHONE.exec(value.replace(PHONE_SEPARATORS, ''))?.[1];
}

/** A destination fit for responses and logs: `+*******6727`, `j***@example.com`. */
export function maskDestination(destination: string): string {
  const at = destination.lastIndexOf('@');
  if (at > 0) return `${destination[0]}***${destination.slice(at)}`;
  const visible = destination.length > 6 ? 4 : 2;
  return `+${'*'.repeat(Math.max(0, destination.length - visible))}${destination.slice(-visible)}`;
}

/**
 * Whether the provider's `msisdn` names the session's destination: digits compared
 * for phone numbers, case-insensitively for email addresses.
 */
export function sameDestination(msisdn: unknown, destination: string): boolean {
  if (typeof msisdn !== 'string' || msisdn === '') return false;
  if (destination.includes('@')) return msisdn.trim().toLowerCase() === destination;
  const digits = msisdn.replace(/\D/g, '');
  return digits !== '' && digits === destination;
}
