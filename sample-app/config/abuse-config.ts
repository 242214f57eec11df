import { isSupportedCountry } from 'libphonenumber-js/max';
import type { TwoFactorSendLimitsOptions } from 'nestjs-infobip-2fa';
// sample-config.ts calls this at startup, long after both modules are loaded.
import { SampleConfigError, type SampleEnv } from './sample-config';

/** SMS-pumping defences of the sample app, from the environment. */
export interface SampleAbuseConfig {
  /** `TWO_FACTOR_COUNTRIES`: ISO codes whose phone numbers may receive PINs; undefined: any. */
  allowedCountries?: string[];
  /** `TWO_FACTOR_SEND_LIMITS`: limits that replace the module's defaults; undefined: the defaults. */
  sendLimits?: TwoFactorSendLimitsOptions;
}

const LIMIT_NAMES = ['perDestination', 'perUser', 'perIp', 'global'] as const;

/**
 * Reads `TWO_FACTOR_COUNTRIES` (e.g. `CH,DE,AT`) and `TWO_FACTOR_SEND_LIMITS` (e.g.
 * `perIp=200/1h,global=off`: `k/T` limits or `off`, each name at most once). The module
 * checks the limits' grammar again at startup, naming the option.
 *
 * @throws SampleConfigError naming the variable to fix.
 */
export function parseAbuseConfig(env: SampleEnv): SampleAbuseConfig {
  const config: SampleAbuseConfig = {};
  const countries = env.TWO_FACTOR_COUNTRIES?.trim();
  if (countries) {
    config.allowedCountries = countries.split(',').map((entry) => {
      const code = entry.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
        throw new SampleConfigError(
          `TWO_FACTOR_COUNTRIES: '${entry.trim().slice(0, 20)}' is not a two-letter country code like CH`,
        );
      }
      return code;
    });
  }
  const limits = env.TWO_FACTOR_SEND_LIMITS?.trim();
  if (limits) {
    const sendLimits: TwoFactorSendLimitsOptions = {};
    for (const entry of limits.split(',')) {
      const [name, value, ...rest] = entry.split('=').map((part) => part.trim());
      const known = LIMIT_NAMES.find((limit) => limit === name);
      if (!known || !value || rest.length > 0 || sendLimits[known] !== undefined) {
        throw new SampleConfigError(
          `TWO_FACTOR_SEND_LIMITS: '${entry.trim().slice(0, 40)}' is not one of ` +
            `${LIMIT_NAMES.join(', ')} set once to a limit like 20/1h or off`,
        );
      }
      sendLimits[known] = value === 'off' ? false : value;
    }
    config.sendLimits = sendLimits;
  }
  return config;
}
