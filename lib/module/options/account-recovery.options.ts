import { randomBytes } from 'node:crypto';
import { tryParseDuration, ONE_YEAR_MS } from '../../infobip/time-format';
import type { NormalizedTwoFactorOptions } from './normalized-options.interface';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';
import { hasMethods } from './option-checks';

/** Default lifetime of a remembered device. */
export const DEFAULT_REMEMBER_DEVICE = '30d';

const MIN_SECRET_BYTES = 32;

type AccountRecoveryOptions = Pick<
  NormalizedTwoFactorOptions,
  'recoveryCodeStore' | 'rememberDeviceMs' | 'rememberedDeviceStore' | 'secret'
>;

/**
 * Checks and completes the options of recovery codes and remembered devices.
 * @throws TwoFactorConfigurationError naming the option and the fix.
 */
export function normalizeAccountRecovery(raw: Record<string, unknown>): AccountRecoveryOptions {
  const { recoveryCodeStore, rememberedDeviceStore, secret } = raw;
  if (recoveryCodeStore !== undefined && !hasMethods(recoveryCodeStore, ['replace', 'consume', 'count'])) {
    throw ConfigError.create(
      'recoveryCodeStore',
      'must implement RecoveryCodeStore (replace, consume, count, clear)',
    );
  }
  if (
    rememberedDeviceStore !== undefined &&
    !hasMethods(rememberedDeviceStore, ['add', 'has', 'forgetAll'])
  ) {
    throw ConfigError.create(
      'rememberedDeviceStore',
      'must implement RememberedDeviceStore (add, has, forgetAll)',
    );
  }
  let key: Buffer;
  if (secret === undefined) {
    if (recoveryCodeStore !== undefined || rememberedDeviceStore !== undefined) {
      throw ConfigError.create(
        'secret',
        'is required with a recoveryCodeStore or rememberedDeviceStore of your own',
        `pass ${MIN_SECRET_BYTES} random bytes (or more), the same on every instance, e.g. from an environment variable`,
      );
    }
    key = randomBytes(MIN_SECRET_BYTES);
  } else {
    key =
      typeof secret === 'string'
        ? Buffer.from(secret, 'utf8')
        : secret instanceof Uint8Array
          ? Buffer.from(secret)
          : Buffer.alloc(0);
    if (key.length < MIN_SECRET_BYTES) {
      throw ConfigError.create(
        'secret',
        `must be a string or Buffer of at least ${MIN_SECRET_BYTES} bytes`,
        "generate one with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`",
      );
    }
  }
  return {
    ...(recoveryCodeStore !== undefined
      ? { recoveryCodeStore: recoveryCodeStore as AccountRecoveryOptions['recoveryCodeStore'] }
      : {}),
    ...(rememberedDeviceStore !== undefined
      ? { rememberedDeviceStore: rememberedDeviceStore as AccountRecoveryOptions['rememberedDeviceStore'] }
      : {}),
    rememberDeviceMs: rememberDevice(raw.rememberDevice),
    secret: key,
  };
}

function rememberDevice(value: unknown): number | false {
  if (value === false) return false;
  const ms = tryParseDuration(value ?? DEFAULT_REMEMBER_DEVICE);
  if (ms === undefined || ms > ONE_YEAR_MS) {
    throw ConfigError.create('rememberDevice', 'must be a duration like "30d" (at most a year) or false');
  }
  return ms;
}
