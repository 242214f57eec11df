import { isSupportedCountry } from 'libphonenumber-js/max';
import type { TwoFactorSendLimitsOptions } from 'nestjs-infobip-2fa';
import { TrustedProxies } from 'nestjs-infobip-2fa/express';
// sample-config.ts calls this at startup, long after both modules are loaded.
import { SampleConfigError, type SampleEnv } from './sample-config';
import { PURPOSES, type SamplePurpose } from './two-factor-options';

/** SMS-pumping and abuse defences of the sample app, from the environment. */
export interface SampleAbuseConfig {
  /**
   * `TWO_FACTOR_COUNTRIES`: ISO codes (and `+881`-style network codes) whose phone numbers may
   * receive PINs; default {@link DEFAULT_COUNTRIES}; undefined (`any`): every country.
   */
  allowedCountries?: string[];
  /** `TWO_FACTOR_SEND_LIMITS`: limits of every purpose over the module's defaults. */
  sendLimits?: TwoFactorSendLimitsOptions;
  /**
   * Each purpose's own limits: {@link REGISTRATION_SEND_LIMITS} for `registration` (unless
   * `TWO_FACTOR_SEND_LIMITS` names them), then `TWO_FACTOR_SEND_LIMITS_<PURPOSE>` over them.
   */
  purposeSendLimits: Partial<Record<SamplePurpose, TwoFactorSendLimitsOptions>>;
  /**
   * `TRUSTED_PROXIES`: addresses and ranges of the reverse proxies whose `X-Forwarded-For` is
   * believed. Default `loopback` in production, none otherwise; `none`: none.
   */
  trustedProxies?: string[];
}

/**
 * Countries whose numbers may receive PINs unless `TWO_FACTOR_COUNTRIES` says otherwise: the
 * EEA, Switzerland, the United Kingdom, the United States and Canada. A short list caps what SMS
 * pumping can cost; an app serving other countries lists them.
 */
export const DEFAULT_COUNTRIES: readonly string[] = Object.freeze(
  (
    'AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IS,IE,IT,LV,LI,LT,LU,MT,NL,NO,PL,PT,RO,SK,SI,ES,SE,' +
    'CH,GB,US,CA'
  ).split(','),
);

/**
 * The sample's own budgets of `registration`, which anyone can trigger without credentials:
 * apart from `login`'s (the module counts per purpose), and smaller, so anonymous traffic can
 * neither starve a confirmed account's sign-in nor spend much.
 */
export const REGISTRATION_SEND_LIMITS: Readonly<TwoFactorSendLimitsOptions> = Object.freeze({
  perDestination: '3/1d',
  perIp: '20/1h',
  global: '200/1h',
});

const LIMIT_NAMES = ['perDestination', 'perUser', 'perIp', 'global'] as const;
const PURPOSE_LIMITS_PREFIX = 'TWO_FACTOR_SEND_LIMITS_';

/**
 * Reads `TWO_FACTOR_COUNTRIES` (e.g. `CH,DE,AT`, or `any`), `TWO_FACTOR_SEND_LIMITS` and
 * `TWO_FACTOR_SEND_LIMITS_<PURPOSE>` (e.g. `perIp=200/1h,global=off`: `k/T` limits or `off`,
 * each name at most once) and `TRUSTED_PROXIES` (e.g. `loopback,10.0.0.0/8`, or `none`). The
 * module checks limits and proxies again at startup, naming the option.
 *
 * @throws SampleConfigError naming the variable to fix.
 */
export function parseAbuseConfig(env: SampleEnv): SampleAbuseConfig {
  const config: SampleAbuseConfig = { purposeSendLimits: {} };
  const countries = parseCountries(env.TWO_FACTOR_COUNTRIES);
  if (countries) config.allowedCountries = countries;
  const shared = parseLimits(env.TWO_FACTOR_SEND_LIMITS, 'TWO_FACTOR_SEND_LIMITS');
  if (shared) config.sendLimits = shared;
  // The sample's registration budgets give way to the limits TWO_FACTOR_SEND_LIMITS names.
  config.purposeSendLimits.registration = Object.fromEntries(
    Object.entries(REGISTRATION_SEND_LIMITS).filter(([name]) => shared?.[name as never] === undefined),
  );
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PURPOSE_LIMITS_PREFIX)) continue;
    const purpose = Object.values(PURPOSES).find(
      (p) => p.toUpperCase() === name.slice(PURPOSE_LIMITS_PREFIX.length),
    );
    if (!purpose) {
      throw new SampleConfigError(
        `${name}: the sample app has no such purpose; use ` +
          Object.values(PURPOSES)
            .map((p) => `${PURPOSE_LIMITS_PREFIX}${p.toUpperCase()}`)
            .join(' or '),
      );
    }
    const own = parseLimits(value, name);
    if (own) config.purposeSendLimits[purpose] = { ...config.purposeSendLimits[purpose], ...own };
  }
  const proxies = parseProxies(env.TRUSTED_PROXIES, env.NODE_ENV === 'production');
  if (proxies) config.trustedProxies = proxies;
  return config;
}

function parseCountries(value: string | undefined): string[] | undefined {
  const countries = value?.trim();
  if (!countries) return [...DEFAULT_COUNTRIES];
  if (countries.toLowerCase() === 'any') return undefined;
  return countries.split(',').map((entry) => {
    const code = entry.trim().toUpperCase();
    if (!/^(\+8\d\d|[A-Z]{2})$/.test(code) || (!code.startsWith('+') && !isSupportedCountry(code))) {
      throw new SampleConfigError(
        `TWO_FACTOR_COUNTRIES: '${entry.trim().slice(0, 20)}' is not a two-letter country code like CH ` +
          `(or a network code like +881); 'any' allows every country`,
      );
    }
    return code;
  });
}

function parseLimits(value: string | undefined, variable: string): TwoFactorSendLimitsOptions | undefined {
  const limits = value?.trim();
  if (!limits) return undefined;
  const sendLimits: TwoFactorSendLimitsOptions = {};
  for (const entry of limits.split(',')) {
    const [name, limit, ...rest] = entry.split('=').map((part) => part.trim());
    const known = LIMIT_NAMES.find((candidate) => candidate === name);
    if (!known || !limit || rest.length > 0 || sendLimits[known] !== undefined) {
      throw new SampleConfigError(
        `${variable}: '${entry.trim().slice(0, 40)}' is not one of ` +
          `${LIMIT_NAMES.join(', ')} set once to a limit like 20/1h or off`,
      );
    }
    sendLimits[known] = limit === 'off' ? false : limit;
  }
  return sendLimits;
}

function parseProxies(value: string | undefined, production: boolean): string[] | undefined {
  const proxies = value?.trim();
  if (!proxies) return production ? ['loopback'] : undefined;
  if (proxies.toLowerCase() === 'none') return undefined;
  return proxies.split(',').map((entry) => {
    const proxy = entry.trim();
    const problem = TrustedProxies.problemOf(proxy);
    if (problem) throw new SampleConfigError(`TRUSTED_PROXIES: ${problem}; 'none' trusts no proxy`);
    return proxy;
  });
}
