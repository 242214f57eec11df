/**
 * Infobip's duration and limit grammar.
 *
 * - duration `{n}{unit}`: `15m`, `m` (n defaults to 1), `500ms`;
 * - limit `{k}/{n}{unit}`: `1/3s`, `5/1d`, `10/h`;
 * - units `ms`, `s`, `m`, `h`, `d`; `n` and `k` are positive whole numbers.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration unit of Infobip's grammar. */
export type TimeUnit = keyof typeof UNIT_MS;

/** One day in milliseconds: the longest `verifyPinLimit` window. */
export const ONE_DAY_MS = UNIT_MS.d;
/** One year (365 days) in milliseconds: the longest TTL and send-limit window. */
export const ONE_YEAR_MS = 365 * UNIT_MS.d;

const DURATION = /^([1-9][0-9]{0,11})?(ms|s|m|h|d)$/;
const LIMIT = /^([1-9][0-9]{0,9})\/([1-9][0-9]{0,11})?(ms|s|m|h|d)$/;

/** A parsed `{k}/{n}{unit}` limit. */
export interface ParsedLimit {
  /** How many events the window admits. */
  count: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/** Milliseconds of a `{n}{unit}` string, or `undefined` when it is not in the grammar. */
export function tryParseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value);
  if (!match) return undefined;
  return Number(match[1] ?? '1') * UNIT_MS[match[2] as TimeUnit];
}

/** A `{k}/{n}{unit}` string parsed, or `undefined` when it is not in the grammar. */
export function tryParseLimit(value: unknown): ParsedLimit | undefined {
  if (typeof value !== 'string') return undefined;
  const match = LIMIT.exec(value);
  if (!match) return undefined;
  return { count: Number(match[1]), windowMs: Number(match[2] ?? '1') * UNIT_MS[match[3] as TimeUnit] };
}

/**
 * Milliseconds of a `{n}{unit}` string.
 * @throws TypeError naming `what` when the string is not in the grammar or exceeds `maxMs`.
 */
export function parseDuration(value: unknown, what = 'duration', maxMs = ONE_YEAR_MS): number {
  const ms = tryParseDuration(value);
  if (ms === undefined) {
    throw new TypeError(
      `${what} must be a duration like "5m" ({n}{unit}, unit ms|s|m|h|d), got ${show(value)}`,
    );
  }
  if (ms > maxMs) throw new TypeError(`${what} must not exceed ${formatDuration(maxMs)}, got ${show(value)}`);
  return ms;
}

/**
 * A `{k}/{n}{unit}` string parsed.
 * @throws TypeError naming `what` when the string is not in the grammar or its window exceeds `maxWindowMs`.
 */
export function parseLimit(value: unknown, what = 'limit', maxWindowMs = ONE_YEAR_MS): ParsedLimit {
  const limit = tryParseLimit(value);
  if (!limit) {
    throw new TypeError(
      `${what} must be a limit like "5/1d" ({k}/{n}{unit}, unit ms|s|m|h|d), got ${show(value)}`,
    );
  }
  if (limit.windowMs > maxWindowMs) {
    throw new TypeError(`${what} window must not exceed ${formatDuration(maxWindowMs)}, got ${show(value)}`);
  }
  return limit;
}

/** The shortest `{n}{unit}` string for a whole number of milliseconds (`300000` -> `5m`). */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new RangeError(`not a positive whole number of milliseconds: ${ms}`);
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/** A limit as a `{k}/{n}{unit}` string. */
export function formatLimit(limit: ParsedLimit): string {
  return `${limit.count}/${formatDuration(limit.windowMs)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
