const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;
// A phone number as providers echo it: 7 or more digits, maybe with + and separators.
const PHONE_LIKE = /\+?\d(?:[\s().-]?\d){6,}/g;
const EMAIL_LIKE = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
// pinIds, message ids and other long hex tokens.
const HEX_ID = /\b[0-9A-Fa-f]{16,}\b/g;
const MAX_LENGTH = 300;

/**
 * Text from outside (a provider's error text, an unexpected value) made fit for a
 * log line: control characters and line breaks flattened (no forged log lines),
 * phone numbers, email addresses and long hex ids (pinIds) replaced, length capped.
 */
export function redactForLog(text: string): string {
  const flat = text
    .replace(CONTROL, ' ')
    .replace(EMAIL_LIKE, '[email]')
    .replace(HEX_ID, '[id]')
    .replace(PHONE_LIKE, '[number]');
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH)}…` : flat;
}
