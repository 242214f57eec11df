import { randomBytes } from 'node:crypto';

/**
 * JSON with the spec's int64 field `emailTemplateId` kept exact. `JSON.parse`
 * reads every number as a double, so an id above 2^53 would come out changed;
 * these helpers read such values as `bigint` and write their digits back.
 * Bodies without the field cost one substring search more than `JSON.parse`.
 */

const INT64_FIELD = 'emailTemplateId';
const INT64_LITERAL = new RegExp(`"${INT64_FIELD}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, 'g');
const WHOLE = /^-?\d+$/;
/** The largest int64, 2^63 - 1. */
export const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -INT64_MAX - 1n;

/**
 * A whole number written in decimal digits, as the spec's int64: a `number`
 * when it is a safe integer, a `bigint` beyond; `undefined` for other text or
 * values outside int64.
 */
export function int64FromDigits(digits: string): number | bigint | undefined {
  if (!WHOLE.test(digits)) return undefined;
  const number = Number(digits);
  if (Number.isSafeInteger(number)) return number;
  const exact = BigInt(digits);
  return exact <= INT64_MAX && exact >= INT64_MIN ? exact : undefined;
}

/** `JSON.parse`, with every `emailTemplateId` beyond 2^53 read as the exact `bigint` written. */
export function parseJsonKeepingInt64(text: string): unknown {
  if (!text.includes(`"${INT64_FIELD}"`)) return JSON.parse(text) as unknown;
  // The reviver meets the fields in the order of the text, so the n-th numeric
  // `emailTemplateId` is the n-th literal; each is checked to be the value read.
  const literals = [...text.matchAll(INT64_LITERAL)].map((match) => match[1]);
  let next = 0;
  return JSON.parse(text, (key, value: unknown) => {
    if (key !== INT64_FIELD || typeof value !== 'number') return value;
    const literal = literals[next++];
    if (Number.isSafeInteger(value) || literal === undefined) return value;
    const exact = int64FromDigits(literal);
    return typeof exact === 'bigint' && Number(exact) === value ? exact : value;
  }) as unknown;
}

/** Marks a `bigint` inside `JSON.stringify`; random, so no string of a body can imitate it. */
const MARK = `int64-${randomBytes(12).toString('hex')}:`;
const MARKED = new RegExp(`"${MARK}(-?\\d+)"`, 'g');

/** `JSON.stringify`, writing `bigint` values as JSON numbers with all their digits. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Only bodies holding a bigint take this path.
    const marked = JSON.stringify(value, (_key, field: unknown) =>
      typeof field === 'bigint' ? `${MARK}${field}` : field,
    );
    return marked.replace(MARKED, '$1');
  }
}
