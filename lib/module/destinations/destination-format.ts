import type { PinChannel } from '../../infobip/infobip.types';

export { maskDestination } from '../../engine/validation/destination';

const PHONE = /^\+?([0-9]{7,15})$/;
// Only what people type between digits: a tab, line break or other control character is
// refused, not silently dropped (it has no business in a phone number).
const PHONE_SEPARATORS = /[ ().-]/g;
// RFC 5321 dot-atom mailboxes at DNS host names: no quoted local parts, comments,
// address literals, control or non-ASCII characters, which no sign-up needs and
// which could smuggle separators or markup to the provider and into templates.
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const EMAIL_TLD = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** Which destinations a channel takes. */
export function destinationKind(channel: PinChannel): 'phone' | 'email' {
  return channel === 'email' ? 'email' : 'phone';
}

/**
 * The destination as the provider takes it: phone numbers as international digits
 * without `+` (spaces, dots, dashes and parentheses ignored; any other character
 * refuses it), email addresses in lower case; `undefined` when it is neither for
 * the channel.
 */
export function normalizeDestination(value: unknown, channel: PinChannel): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (destinationKind(channel) === 'email') {
    const email = value.trim();
    return email.length <= 254 && isEmailAddress(email) ? email.toLowerCase() : undefined;
  }
  return PHONE.exec(value.replace(PHONE_SEPARATORS, ''))?.[1];
}

function isEmailAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  return (
    at > 0 &&
    local.length <= 64 &&
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => EMAIL_LABEL.test(label)) &&
    EMAIL_TLD.test(labels[labels.length - 1])
  );
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
