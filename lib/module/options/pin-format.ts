import type { ApplicationConfiguration, PinType } from '../../infobip/infobip.types';
import { ONE_DAY_MS, formatDuration, tryParseDuration, tryParseLimit } from '../../infobip/time-format';
import { POLICY_LIMITS } from './two-factor.constants';

/** Size of each PIN alphabet (letters compared case-insensitively, as Infobip does). */
export const PIN_ALPHABET_SIZE: Readonly<Record<PinType, number>> = Object.freeze({
  NUMERIC: 10,
  ALPHA: 26,
  HEX: 16,
  ALPHANUMERIC: 36,
});

const PIN_CHARACTERS: Readonly<Record<PinType, string>> = Object.freeze({
  NUMERIC: '0-9',
  ALPHA: 'A-Za-z',
  HEX: '0-9A-Fa-f',
  ALPHANUMERIC: '0-9A-Za-z',
});

/** The shape of the PINs of one template. */
export interface PinFormat {
  pinType: PinType;
  pinLength: number;
}

/** How many different PINs a format allows. */
export function pinSpace(format: PinFormat): number {
  return PIN_ALPHABET_SIZE[format.pinType] ** format.pinLength;
}

/** Bits of entropy of a uniformly drawn PIN of this format. */
export function pinEntropyBits(format: PinFormat): number {
  return format.pinLength * Math.log2(PIN_ALPHABET_SIZE[format.pinType]);
}

/** The shortest length that meets the policy for this alphabet. */
export function minimumPinLength(pinType: PinType): number {
  return Math.ceil(Math.log(POLICY_LIMITS.minPinSpace) / Math.log(PIN_ALPHABET_SIZE[pinType]) - 1e-9);
}

/**
 * Spaces and dashes people type or paste between groups of a PIN (`123 456`,
 * `123-456`; no-break and thin spaces as messaging apps copy them). Control and
 * invisible characters (tab, newline, zero-width, BOM, NUL) stay refused.
 */
const PIN_SEPARATORS = /[ \u00a0\u2007\u2009\u202f\u2010\u2011\u2012\u2013-]/g;

/** Longest input read as a PIN: room for separators, never an unbounded string. */
const MAX_PIN_INPUT = 64;

/**
 * The PIN in the form sent to the provider (letters upper-cased, spaces and
 * dashes removed), or `undefined` when `value` is not a string of exactly this
 * alphabet and length once they are removed.
 */
export function parsePin(value: unknown, format: PinFormat): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_PIN_INPUT) return undefined;
  const pin = value.replace(PIN_SEPARATORS, '');
  if (pin.length !== format.pinLength) return undefined;
  const pattern = new RegExp(`^[${PIN_CHARACTERS[format.pinType]}]{${format.pinLength}}$`);
  return pattern.test(pin) ? pin.toUpperCase() : undefined;
}

/** One way an application configuration breaks the policy. */
export interface PolicyViolation {
  field: keyof ApplicationConfiguration;
  problem: string;
  /** A value that complies, for the error's fix. */
  suggestion: string;
}

/**
 * How `configuration` breaks the module's policy: TTL ≤ 10m, attempts ≤ 10, one
 * verification per PIN, and both verify and per-destination send limits set.
 * With `allowWeak`, only values Infobip itself would refuse are reported.
 */
export function findPolicyViolations(
  configuration: ApplicationConfiguration,
  allowWeak: boolean,
): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  const ttlMs = tryParseDuration(configuration.pinTimeToLive);
  if (ttlMs === undefined) {
    found.push({ field: 'pinTimeToLive', problem: 'is not a duration like "5m"', suggestion: '"5m"' });
  } else if (!allowWeak && ttlMs > POLICY_LIMITS.maxPinTimeToLiveMs) {
    const max = formatDuration(POLICY_LIMITS.maxPinTimeToLiveMs);
    found.push({
      field: 'pinTimeToLive',
      problem: `is ${String(configuration.pinTimeToLive)}, over the ${max} the policy allows`,
      suggestion: '"5m"',
    });
  }
  const attempts = configuration.pinAttempts;
  if (!Number.isSafeInteger(attempts) || (attempts as number) < 1) {
    found.push({ field: 'pinAttempts', problem: 'is not a positive whole number', suggestion: '5' });
  } else if (!allowWeak && (attempts as number) > POLICY_LIMITS.maxPinAttempts) {
    found.push({
      field: 'pinAttempts',
      problem: `is ${attempts}, over the ${POLICY_LIMITS.maxPinAttempts} the policy allows`,
      suggestion: '5',
    });
  }
  if (typeof configuration.allowMultiplePinVerifications !== 'boolean') {
    found.push({ field: 'allowMultiplePinVerifications', problem: 'is not a boolean', suggestion: 'false' });
  } else if (!allowWeak && configuration.allowMultiplePinVerifications) {
    found.push({
      field: 'allowMultiplePinVerifications',
      problem: 'is true, so one PIN could verify several times',
      suggestion: 'false',
    });
  }
  const verifyLimit = tryParseLimit(configuration.verifyPinLimit);
  if (!verifyLimit || verifyLimit.windowMs > ONE_DAY_MS) {
    found.push({ field: 'verifyPinLimit', problem: 'is not a limit like "1/3s"', suggestion: '"1/3s"' });
  }
  for (const field of ['sendPinPerPhoneNumberLimit', 'sendPinPerApplicationLimit'] as const) {
    if (!tryParseLimit(configuration[field])) {
      const suggestion = field === 'sendPinPerPhoneNumberLimit' ? '"5/1d"' : '"10000/1d"';
      found.push({ field, problem: 'is not a limit like "5/1d"', suggestion });
    }
  }
  return found;
}

const ALPHABET_WORDS: Record<PinFormat['pinType'], string> = {
  NUMERIC: 'digits',
  ALPHA: 'letters',
  HEX: 'hexadecimal characters',
  ALPHANUMERIC: 'letters or digits',
};

/** `6 digits`, `8 letters or digits`… */
export function describePinFormat(format: PinFormat): string {
  return `${format.pinLength} ${ALPHABET_WORDS[format.pinType]}`;
}
