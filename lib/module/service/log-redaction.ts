const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;
// A phone number as providers echo it: 7 or more digits, maybe with + and separators.
const PHONE_LIKE = /\+?\d(?:[\s().-]?\d){6,}/g;
const EMAIL_LIKE = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
// pinIds, message ids and other long hex tokens.
const HEX_ID = /\b[0-9A-Fa-f]{16,}\b/g;
// What a PIN of any format looks like (4 to 10 characters of the NUMERIC, HEX, ALPHA or
// ALPHANUMERIC alphabets): a run of digits, a token of letters and digits with at least one
// digit, or a token of capitals. Providers repeat the PIN in some error texts.
const PIN_LIKE = /\b(?:\d{4,10}|(?=[A-Za-z]*\d)[A-Za-z\d]{4,10}|[A-Z]{4,10})\b/g;
// Capitalized protocol words that are no PIN and make log lines readable.
const PLAIN_WORDS: ReadonlySet<string> = new Set(['HTTP', 'HTTPS', 'JSON', 'NULL', 'TRUE', 'FALSE']);
const MAX_LENGTH = 300;

/**
 * Text from outside (a provider's error text, an unexpected value) made fit for a
 * log line: control characters and line breaks flattened (no forged log lines),
 * phone numbers, email addresses, long hex ids (pinIds) and anything shaped like a
 * PIN (runs of 4 to 10 digits, tokens of a PIN alphabet) replaced, length capped.
 */
export function redactForLog(text: string): string {
  const flat = text
    .replace(CONTROL, ' ')
    .replace(EMAIL_LIKE, '[email]')
    .replace(HEX_ID, '[id]')
    .replace(PHONE_LIKE, '[number]')
    .replace(PIN_LIKE, (token) => (PLAIN_WORDS.has(token) ? token : '[code]'));
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH)}…` : flat;
}
