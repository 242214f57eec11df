import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
// sample-config.ts calls this at startup, long after both modules are loaded.
import { SampleConfigError, type SampleEnv } from './sample-config';

/**
 * The region whose national numbers (`079 123 45 67`) the forms accept without a country code:
 * `TWO_FACTOR_DEFAULT_REGION` (e.g. `CH`), else the first of `TWO_FACTOR_COUNTRIES` when that
 * variable is set, else none (international format only): the built-in list of countries names
 * no region people's numbers are more likely to come from.
 * @throws SampleConfigError naming the variable to fix.
 */
export function parsePhoneRegion(
  env: SampleEnv,
  allowedCountries?: readonly string[],
): CountryCode | undefined {
  const given = env.TWO_FACTOR_DEFAULT_REGION?.trim().toUpperCase();
  if (!given) {
    const listed = env.TWO_FACTOR_COUNTRIES?.trim() ? allowedCountries?.[0] : undefined;
    return listed !== undefined && /^[A-Z]{2}$/.test(listed) ? (listed as CountryCode) : undefined;
  }
  if (!/^[A-Z]{2}$/.test(given) || !isSupportedCountry(given)) {
    throw new SampleConfigError(
      `TWO_FACTOR_DEFAULT_REGION: '${given.slice(0, 20)}' is not a two-letter country code like CH`,
    );
  }
  if (allowedCountries && !allowedCountries.includes(given)) {
    throw new SampleConfigError(
      `TWO_FACTOR_DEFAULT_REGION: ${given} is not one of TWO_FACTOR_COUNTRIES (${allowedCountries.join(', ')}); add it there or pick one of them`,
    );
  }
  return given;
}
