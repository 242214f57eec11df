import { ONE_YEAR_MS, parseDuration, tryParseDuration, tryParseLimit } from '../../infobip/time-format';
import type {
  NormalizedPurpose,
  NormalizedSendLimits,
  NormalizedTwoFactorOptions,
  SendLimitName,
} from './normalized-options.interface';
import {
  checkKeys,
  hasMethods,
  isRecord,
  optionalBoolean,
  optionalCountries,
  optionalInteger,
  optionalString,
} from './option-checks';
import { normalizeAccountRecovery } from './account-recovery.options';
import { normalizePurpose } from './purpose-options.validator';
import { TrustedProxies } from '../destinations/trusted-proxies';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';
import { MODULE_DEFAULTS } from './two-factor.constants';
import type { TwoFactorModuleOptions, TwoFactorProviderOptions } from './two-factor-options.interface';

/**
 * Every option key, one entry per key of {@link TwoFactorModuleOptions}: `satisfies` fails the
 * build when an option is added to the interface and not here (and so not accepted), or the reverse.
 */
const OPTION_KEYS = Object.keys({
  provider: true,
  purposes: true,
  allowWeakPolicy: true,
  resendCooldown: true,
  maxResends: true,
  maxConsecutiveFailures: true,
  failureLockout: true,
  counterStore: true,
  clock: true,
  keepSessionFields: true,
  throttle: true,
  throttlerStorage: true,
  requireByDefault: true,
  allowedCountries: true,
  sendLimits: true,
  trustProxyHops: true,
  trustedProxies: true,
  recoveryCodeStore: true,
  rememberDevice: true,
  rememberedDeviceStore: true,
  secret: true,
} satisfies Record<keyof TwoFactorModuleOptions, true>);

const SEND_LIMIT_NAMES: readonly SendLimitName[] = ['perDestination', 'perUser', 'perIp', 'global'];

const DEFAULT_SEND_LIMITS: NormalizedSendLimits = Object.fromEntries(
  SEND_LIMIT_NAMES.map((name) => {
    const spec = MODULE_DEFAULTS.sendLimits[name];
    return [name, { ...(tryParseLimit(spec) as { count: number; windowMs: number }), spec }];
  }),
);

/**
 * The module options checked and completed. Runs at bootstrap, before any
 * provider call.
 * @throws TwoFactorConfigurationError naming the option and the fix.
 */
export function normalizeTwoFactorOptions(raw: unknown): NormalizedTwoFactorOptions {
  if (!isRecord(raw)) {
    throw ConfigError.create('', 'options must be an object', 'pass { purposes: { login: { ... } } }');
  }
  checkKeys(raw, '', OPTION_KEYS);
  const allowWeakPolicy = optionalBoolean(raw.allowWeakPolicy, 'allowWeakPolicy') ?? false;
  const provider = normalizeProvider(raw.provider);

  if (!isRecord(raw.purposes) || Object.keys(raw.purposes).length === 0) {
    throw ConfigError.create(
      'purposes',
      'must name at least one purpose',
      `e.g. purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } }`,
    );
  }
  const allowedCountries = optionalCountries(raw.allowedCountries, 'allowedCountries');
  const moduleLimits = sendLimits(raw.sendLimits, 'sendLimits', DEFAULT_SEND_LIMITS);
  const purposes = Object.entries(raw.purposes).map(([name, options]) => {
    const checked = normalizePurpose(name, options, allowWeakPolicy);
    const limits = sendLimits(
      (options as { sendLimits?: unknown }).sendLimits,
      `${checked.path}.sendLimits`,
      moduleLimits,
    );
    const purpose: NormalizedPurpose = { ...checked, sendLimits: limits };
    if (!purpose.allowedCountries && allowedCountries) purpose.allowedCountries = allowedCountries;
    return purpose;
  });

  const counterStore = raw.counterStore;
  if (counterStore !== undefined && !hasMethods(counterStore, ['hit', 'get', 'reset'])) {
    throw ConfigError.create('counterStore', 'must implement CounterStore (hit, get, reset)');
  }
  if (raw.clock !== undefined && !hasMethods(raw.clock, ['now'])) {
    throw ConfigError.create('clock', 'must have a now() method returning epoch milliseconds');
  }
  if (raw.throttlerStorage !== undefined && !hasMethods(raw.throttlerStorage, ['increment'])) {
    throw ConfigError.create('throttlerStorage', 'must implement ThrottlerStorage (increment)');
  }

  return {
    provider,
    purposes,
    allowWeakPolicy,
    resendCooldownMs: duration(raw.resendCooldown, 'resendCooldown', MODULE_DEFAULTS.resendCooldown),
    maxResends: optionalInteger(raw.maxResends, 'maxResends', 0, 20) ?? MODULE_DEFAULTS.maxResends,
    maxConsecutiveFailures:
      optionalInteger(raw.maxConsecutiveFailures, 'maxConsecutiveFailures', 1, 100) ??
      MODULE_DEFAULTS.maxConsecutiveFailures,
    failureLockoutMs: duration(raw.failureLockout, 'failureLockout', MODULE_DEFAULTS.failureLockout),
    ...(counterStore !== undefined
      ? { counterStore: counterStore as NormalizedTwoFactorOptions['counterStore'] }
      : {}),
    ...(raw.clock !== undefined ? { clock: raw.clock as NormalizedTwoFactorOptions['clock'] } : {}),
    keepSessionFields: keepSessionFields(raw.keepSessionFields),
    throttle: throttle(raw.throttle),
    ...(raw.throttlerStorage !== undefined
      ? { throttlerStorage: raw.throttlerStorage as NormalizedTwoFactorOptions['throttlerStorage'] }
      : {}),
    requireByDefault: optionalBoolean(raw.requireByDefault, 'requireByDefault') ?? false,
    sendLimits: moduleLimits,
    trustProxyHops:
      optionalInteger(raw.trustProxyHops, 'trustProxyHops', 0, 10) ?? MODULE_DEFAULTS.trustProxyHops,
    ...normalizeAccountRecovery(raw),
    ...trustedProxies(raw.trustedProxies),
  };
}

function trustedProxies(value: unknown): Pick<NormalizedTwoFactorOptions, 'trustedProxies'> {
  if (value === undefined) return {};
  if (!Array.isArray(value) || value.length === 0) {
    throw ConfigError.create(
      'trustedProxies',
      'must be a non-empty array of proxy addresses',
      `e.g. ['loopback', '10.0.0.0/8'], or leave it out when no proxy is in front of the application`,
    );
  }
  for (const entry of value) {
    const problem = TrustedProxies.problemOf(entry);
    if (problem) throw ConfigError.create('trustedProxies', `has a wrong entry: ${problem}`);
  }
  return { trustedProxies: [...(value as string[])] };
}

/**
 * Send limits at `path`: `false` turns them all off, a limit given replaces the one of
 * `base` (`false` turns it off), a limit left out keeps the one of `base`.
 */
function sendLimits(value: unknown, path: string, base: NormalizedSendLimits): NormalizedSendLimits {
  if (value === false) return {};
  if (value !== undefined && !isRecord(value)) {
    throw ConfigError.create(path, 'must be an object of limits like { perIp: "20/1h" }, or false');
  }
  const given = value ?? {};
  checkKeys(given, path, SEND_LIMIT_NAMES);
  const limits: NormalizedSendLimits = { ...base };
  for (const name of SEND_LIMIT_NAMES) {
    const spec = given[name];
    if (spec === undefined) continue;
    delete limits[name];
    if (spec === false) continue;
    const parsed = tryParseLimit(spec);
    if (!parsed || parsed.windowMs > ONE_YEAR_MS) {
      throw ConfigError.create(
        `${path}.${name}`,
        'must be a limit like "5/1d" ({k}/{n}{unit}, unit ms|s|m|h|d, at most a year) or false',
      );
    }
    limits[name] = { ...parsed, spec: spec as string };
  }
  return limits;
}

function normalizeProvider(raw: unknown): TwoFactorProviderOptions {
  if (raw === undefined) return { kind: 'local' };
  if (!isRecord(raw)) throw ConfigError.create('provider', 'must be an object', `e.g. { kind: 'local' }`);
  switch (raw.kind) {
    case 'local':
      checkKeys(raw, 'provider', ['kind', 'engine', 'console']);
      optionalBoolean(raw.console, 'provider.console');
      if (raw.engine !== undefined && !hasMethods(raw.engine, ['verifyPin', 'sendPinOverSms'])) {
        throw ConfigError.create('provider.engine', 'must be a LocalTwoFactorEngine');
      }
      return raw as unknown as TwoFactorProviderOptions;
    case 'infobip': {
      checkKeys(raw, 'provider', ['kind', 'baseUrl', 'apiKey', 'auth', 'timeoutMs']);
      if (optionalString(raw.baseUrl, 'provider.baseUrl') === undefined) {
        throw ConfigError.create(
          'provider.baseUrl',
          'is required',
          'set it to your Infobip base URL, e.g. "xyz.api.infobip.com" (INFOBIP_BASE_URL)',
        );
      }
      if (raw.apiKey !== undefined && raw.auth !== undefined) {
        throw ConfigError.create(
          'provider.apiKey',
          'and provider.auth are both set',
          'keep only one of them',
        );
      }
      if (raw.auth === undefined && (typeof raw.apiKey !== 'string' || raw.apiKey.trim() === '')) {
        throw ConfigError.create(
          'provider.apiKey',
          'is missing or empty',
          'pass your Infobip API key (e.g. from INFOBIP_API_KEY), or provider.auth',
        );
      }
      if (raw.auth !== undefined && !isRecord(raw.auth)) {
        throw ConfigError.create('provider.auth', 'must be an object like { type: "App", apiKey }');
      }
      optionalInteger(raw.timeoutMs, 'provider.timeoutMs', 1, 600_000);
      return raw as unknown as TwoFactorProviderOptions;
    }
    case 'custom':
      checkKeys(raw, 'provider', ['kind', 'api']);
      if (!hasMethods(raw.api, ['verifyPin', 'sendPinOverSms', 'getApplications'])) {
        throw ConfigError.create('provider.api', 'must implement TwoFactorApi (the 18 operations)');
      }
      return raw as unknown as TwoFactorProviderOptions;
    default:
      throw ConfigError.create(
        'provider.kind',
        `must be 'local', 'infobip' or 'custom', got ${JSON.stringify(raw.kind)}`,
      );
  }
}

function duration(value: unknown, path: string, fallback: string): number {
  if (value === undefined) return parseDuration(fallback);
  if (tryParseDuration(value) === undefined) {
    throw ConfigError.create(path, 'must be a duration like "30s" ({n}{unit}, unit ms|s|m|h|d)');
  }
  return tryParseDuration(value) as number;
}

function keepSessionFields(value: unknown): string[] {
  if (value === undefined) return [...MODULE_DEFAULTS.keepSessionFields];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw ConfigError.create(
      'keepSessionFields',
      'must be an array of session field names',
      `e.g. ['passport']`,
    );
  }
  if (value.some((v) => ['cookie', 'twoFactor'].includes(v as string))) {
    throw ConfigError.create(
      'keepSessionFields',
      'must not name cookie or twoFactor',
      'the module manages those',
    );
  }
  return [...(value as string[])];
}

function throttle(value: unknown): NormalizedTwoFactorOptions['throttle'] {
  if (value === false) return false;
  const given = value ?? MODULE_DEFAULTS.throttle;
  if (!isRecord(given)) throw ConfigError.create('throttle', 'must be { limit, ttl } or false');
  checkKeys(given, 'throttle', ['limit', 'ttl']);
  const limit = optionalInteger(given.limit, 'throttle.limit', 1, 1_000_000);
  if (limit === undefined) throw ConfigError.create('throttle.limit', 'is required', 'e.g. 10');
  const ttlMs = typeof given.ttl === 'number' ? given.ttl : tryParseDuration(given.ttl);
  if (ttlMs === undefined || !Number.isSafeInteger(ttlMs) || ttlMs < 1) {
    throw ConfigError.create('throttle.ttl', 'must be milliseconds or a duration like "1m"');
  }
  return { limit, ttlMs };
}
