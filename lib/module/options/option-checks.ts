import { isKnownCountry } from '../destinations/destination-rules';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses keys outside `allowed`: a misspelt option must not silently fall back to a default. */
export function checkKeys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw ConfigError.create(
        path ? `${path}.${key}` : key,
        'is not an option',
        `remove it; the options here are ${allowed.join(', ')}`,
      );
    }
  }
}

/** A non-empty string or undefined. */
export function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw ConfigError.create(path, 'must be a non-empty string');
  return value;
}

/** A boolean or undefined. */
export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw ConfigError.create(path, 'must be true or false');
  return value;
}

/** A whole number in [min, max], or undefined. */
export function optionalInteger(value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw ConfigError.create(path, `must be a whole number from ${min} to ${max}`);
  }
  return value as number;
}

/**
 * A non-empty list of ISO 3166-1 alpha-2 country codes (upper-cased, without repeats) and
 * international-network calling codes (`+881`), or undefined.
 */
export function optionalCountries(value: unknown, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw ConfigError.create(path, 'must be a non-empty array of ISO country codes', `e.g. ['CH', 'DE']`);
  }
  const codes = value.map((code) => (typeof code === 'string' ? code.trim().toUpperCase() : code));
  const unknown = codes.find((code) => !isKnownCountry(code));
  if (unknown !== undefined) {
    throw ConfigError.create(
      path,
      `contains ${JSON.stringify(unknown)}, which is not an ISO 3166-1 alpha-2 code with a phone numbering plan ` +
        `nor the calling code of an international network`,
      `use two-letter codes such as 'CH', 'DE', 'US', or '+881' to allow numbers of that satellite network`,
    );
  }
  return [...new Set(codes as string[])];
}

/** Whether `value` is an object with a method of each name (a store, a clock…). */
export function hasMethods(value: unknown, names: string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function')
  );
}
