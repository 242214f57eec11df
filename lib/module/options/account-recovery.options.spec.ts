import { InMemoryRecoveryCodeStore } from '../../storage/in-memory-recovery-code.store';
import { InMemoryRememberedDeviceStore } from '../../storage/in-memory-remembered-device.store';
import { TwoFactorConfigurationError } from '../errors/two-factor-configuration.error';
import { normalizeTwoFactorOptions } from './two-factor-options.validator';

const purposes = { login: { template: { messageText: 'Code {{pin}}' } } };
const SECRET = 'k'.repeat(32);

function errorOf(options: object): string {
  try {
    normalizeTwoFactorOptions({ purposes, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

describe('options of recovery codes and remembered devices', () => {
  it('remembers devices 30 days by default, with a random secret per bootstrap', () => {
    const a = normalizeTwoFactorOptions({ purposes });
    const b = normalizeTwoFactorOptions({ purposes });
    expect(a.rememberDeviceMs).toBe(30 * 24 * 3_600_000);
    expect(a.secret).toHaveLength(32);
    expect(a.secret.equals(b.secret)).toBe(false);
  });

  it('reads rememberDevice as a duration, and false turns it off', () => {
    expect(normalizeTwoFactorOptions({ purposes, rememberDevice: '7d' }).rememberDeviceMs).toBe(
      7 * 86_400_000,
    );
    expect(normalizeTwoFactorOptions({ purposes, rememberDevice: false }).rememberDeviceMs).toBe(false);
    expect(errorOf({ rememberDevice: '2y' })).toContain('rememberDevice must be a duration like "30d"');
    expect(errorOf({ rememberDevice: 30 })).toContain('rememberDevice');
  });

  it('requires a secret with stores of your own, so that every instance computes the same digests', () => {
    for (const store of [
      { recoveryCodeStore: new InMemoryRecoveryCodeStore() },
      { rememberedDeviceStore: new InMemoryRememberedDeviceStore() },
    ]) {
      expect(errorOf(store)).toMatch(/^TwoFactorModule: secret is required with a recoveryCodeStore/);
      expect(normalizeTwoFactorOptions({ purposes, ...store, secret: SECRET }).secret).toEqual(
        Buffer.from(SECRET),
      );
    }
  });

  it('refuses a short secret and stores that are not stores, without echoing the secret', () => {
    const message = errorOf({ secret: 'too-short-secret' });
    expect(message).toContain('secret must be a string or Buffer of at least 32 bytes');
    expect(message).not.toContain('too-short-secret');
    expect(errorOf({ recoveryCodeStore: {}, secret: SECRET })).toContain('recoveryCodeStore must implement');
    expect(errorOf({ rememberedDeviceStore: {}, secret: SECRET })).toContain(
      'rememberedDeviceStore must implement',
    );
  });
});
