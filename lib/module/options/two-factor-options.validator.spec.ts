import { normalizeTwoFactorOptions } from './two-factor-options.validator';
import { TwoFactorConfigurationError } from '../errors/two-factor-configuration.error';

const login = { template: { messageText: 'Code {{pin}}' } };

function errorOf(options: unknown): string {
  try {
    normalizeTwoFactorOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

describe('normalizeTwoFactorOptions', () => {
  it('applies the defaults', () => {
    const options = normalizeTwoFactorOptions({ purposes: { login: {} } });
    expect(options).toMatchObject({
      provider: { kind: 'local' },
      allowWeakPolicy: false,
      resendCooldownMs: 30_000,
      maxResends: 3,
      maxConsecutiveFailures: 10,
      failureLockoutMs: 15 * 60_000,
      keepSessionFields: ['passport'],
      throttle: { limit: 10, ttlMs: 60_000 },
      requireByDefault: false,
    });
    const [purpose] = options.purposes;
    expect(purpose).toEqual({
      name: 'login',
      path: 'purposes.login',
      application: {
        name: 'nestjs-infobip-2fa login',
        enabled: true,
        configuration: {
          pinAttempts: 5,
          allowMultiplePinVerifications: false,
          pinTimeToLive: '5m',
          verifyPinLimit: '1/3s',
          sendPinPerApplicationLimit: '10000/1d',
          sendPinPerPhoneNumberLimit: '5/1d',
        },
      },
      templates: {
        sms: {
          channel: 'sms',
          path: 'purposes.login.template',
          pinType: 'NUMERIC',
          pinLength: 6,
          messageText: 'Your verification code is {{pin}}',
        },
      },
      defaultChannel: 'sms',
      updateExisting: false,
      sendLimits: options.sendLimits,
    });
  });

  it('merges the application configuration over the secure defaults', () => {
    const [purpose] = normalizeTwoFactorOptions({
      purposes: { login: { application: { configuration: { pinTimeToLive: '3m', pinAttempts: 3 } } } },
    }).purposes;
    expect(purpose.application.configuration).toMatchObject({
      pinTimeToLive: '3m',
      pinAttempts: 3,
      allowMultiplePinVerifications: false,
      sendPinPerPhoneNumberLimit: '5/1d',
    });
  });

  it.each([
    [
      { purposes: { login: { template: { messageText: 'Code' } } } },
      "TwoFactorModule: purposes.login.template.messageText must contain {{pin}}. Fix: e.g. 'Your code is {{pin}}'",
    ],
    [
      { purposes: { login: { templates: { voice: { messageText: 'x' } } } } },
      'purposes.login.templates.voice.messageText must contain {{pin}}',
    ],
    [
      { purposes: { login: { template: { messageText: 'a {{pin}}', pinLength: 4 } } } },
      'purposes.login.template.pinLength is 4: NUMERIC PINs of that length have only 13.3 bits of entropy, under the 20 bits (10^6 possible PINs) the policy requires. Fix: set pinLength to 6 or more',
    ],
    [
      { purposes: { login: { template: { messageText: 'a {{pin}}', pinType: 'ALPHA', pinLength: 4 } } } },
      'Fix: set pinLength to 5 or more',
    ],
    [
      { purposes: { login: { templates: { email: { emailTemplateId: 5, pinType: 'HEX', pinLength: 4 } } } } },
      'purposes.login.templates.email.pinLength is 4: HEX PINs',
    ],
    [
      { purposes: { login: { template: { messageText: 'a {{pin}}', pinType: 'DIGITS' } } } },
      'purposes.login.template.pinType must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC',
    ],
    [
      { purposes: { login: { template: { messageText: 'a {{pin}}', pinLength: 0 } } } },
      'purposes.login.template.pinLength must be a whole number from 1 to 16',
    ],
    [
      { purposes: { login: { application: { configuration: { pinTimeToLive: '11m' } } } } },
      'purposes.login.application.configuration.pinTimeToLive is 11m, over the 10m the policy allows. Fix: set it to "5m" (or remove it for the default), or set allowWeakPolicy: true to accept a weaker policy',
    ],
    [
      { purposes: { login: { application: { configuration: { pinTimeToLive: 'soon' } } } } },
      'purposes.login.application.configuration.pinTimeToLive is not a duration like "5m". Fix: set it to "5m"',
    ],
    [
      { purposes: { login: { application: { configuration: { pinAttempts: 11 } } } } },
      'purposes.login.application.configuration.pinAttempts is 11, over the 10 the policy allows',
    ],
    [
      { purposes: { login: { application: { configuration: { allowMultiplePinVerifications: true } } } } },
      'purposes.login.application.configuration.allowMultiplePinVerifications is true',
    ],
    [
      { purposes: { login: { application: { configuration: { verifyPinLimit: '1/2d' } } } } },
      'purposes.login.application.configuration.verifyPinLimit is not a limit like "1/3s"',
    ],
    [
      { purposes: { login: { application: { configuration: { pinTTL: '5m' } } } } },
      'purposes.login.application.configuration.pinTTL is not an option. Fix: remove it',
    ],
    [
      { purposes: { login: { application: { enabled: false } } } },
      'purposes.login.application.enabled is false, so no PIN could be sent',
    ],
    [
      { purposes: { login: { template: login.template, templates: { sms: login.template } } } },
      'purposes.login.template and templates.sms are both set. Fix: keep only one of them',
    ],
    [
      { purposes: { login: { ...login, defaultChannel: 'voice' } } },
      'purposes.login.defaultChannel is "voice" but the purpose has no voice template. Fix: add purposes.login.templates.voice',
    ],
    [
      { purposes: { login: { templates: { email: {} } } } },
      'purposes.login.templates.email.emailTemplateId must be the id',
    ],
    [
      { purposes: { login: { templates: { voice: { messageText: 'a {{pin}}', speechRate: 3 } } } } },
      'purposes.login.templates.voice.speechRate must be a number from 0.5 to 2',
    ],
    [{ purposes: { 'log in': login } }, 'purposes["log in"] is not a valid purpose name'],
    [{ purposes: {} }, 'TwoFactorModule: purposes must name at least one purpose'],
    [
      { purposes: { login }, resendCooldown: 30 },
      'TwoFactorModule: resendCooldown must be a duration like "30s"',
    ],
    [
      { purposes: { login }, maxConsecutiveFailures: 101 },
      'maxConsecutiveFailures must be a whole number from 1 to 100',
    ],
    [{ purposes: { login }, maxResends: -1 }, 'maxResends must be a whole number from 0 to 20'],
    [
      { purposes: { login }, keepSessionFields: ['twoFactor'] },
      'keepSessionFields must not name cookie or twoFactor',
    ],
    [
      { purposes: { login }, throttle: { limit: 0, ttl: '1m' } },
      'throttle.limit must be a whole number from 1 to 1000000',
    ],
    [
      { purposes: { login }, throttle: { limit: 5, ttl: 'a minute' } },
      'throttle.ttl must be milliseconds or a duration like "1m"',
    ],
    [{ purposes: { login }, counterStore: {} }, 'counterStore must implement CounterStore (hit, get, reset)'],
    [{ purposes: { login }, clock: Date }, 'clock must have a now() method'],
    [
      { purposes: { login }, provider: { kind: 'twilio' } },
      "provider.kind must be 'local', 'infobip' or 'custom'",
    ],
    [
      { purposes: { login }, provider: { kind: 'infobip', apiKey: 'k' } },
      'provider.baseUrl is required. Fix: set it to your Infobip base URL',
    ],
    [
      { purposes: { login }, provider: { kind: 'infobip', baseUrl: 'x.api.infobip.com', apiKey: '' } },
      'provider.apiKey is missing or empty',
    ],
    [
      {
        purposes: { login },
        provider: { kind: 'infobip', baseUrl: 'x', apiKey: 'k', auth: { type: 'App', apiKey: 'k' } },
      },
      'provider.apiKey and provider.auth are both set',
    ],
    [
      { purposes: { login }, provider: { kind: 'custom', api: {} } },
      'provider.api must implement TwoFactorApi',
    ],
    [{ purposes: { login }, isGlobal: true }, 'TwoFactorModule: isGlobal is not an option'],
    ['nope', 'TwoFactorModule: options must be an object'],
  ])('refuses %j', (options, message) => {
    expect(errorOf(options)).toContain(message);
  });

  it('never echoes an API key', () => {
    const message = errorOf({
      purposes: { login },
      provider: {
        kind: 'infobip',
        baseUrl: 'x',
        apiKey: 'secret-key-1',
        auth: { type: 'App', apiKey: 'secret-key-1' },
      },
    });
    expect(message).not.toContain('secret-key-1');
  });

  it('accepts weak settings with allowWeakPolicy', () => {
    const [purpose] = normalizeTwoFactorOptions({
      allowWeakPolicy: true,
      purposes: {
        login: {
          application: {
            configuration: { pinTimeToLive: '1h', pinAttempts: 20, allowMultiplePinVerifications: true },
          },
          template: { messageText: 'a {{pin}}', pinLength: 4 },
        },
      },
    }).purposes;
    expect(purpose.application.configuration).toMatchObject({ pinTimeToLive: '1h', pinAttempts: 20 });
    expect(purpose.templates.sms?.pinLength).toBe(4);
  });

  it('still refuses what no provider would accept with allowWeakPolicy', () => {
    expect(
      errorOf({
        allowWeakPolicy: true,
        purposes: { login: { application: { configuration: { pinTimeToLive: 'x' } } } },
      }),
    ).toContain('pinTimeToLive is not a duration');
  });

  it('reads throttle ttl as milliseconds or a duration, and false turns it off', () => {
    expect(
      normalizeTwoFactorOptions({ purposes: { login }, throttle: { limit: 3, ttl: 2_000 } }).throttle,
    ).toEqual({
      limit: 3,
      ttlMs: 2_000,
    });
    expect(
      normalizeTwoFactorOptions({ purposes: { login }, throttle: { limit: 3, ttl: '10s' } }).throttle,
    ).toEqual({
      limit: 3,
      ttlMs: 10_000,
    });
    expect(normalizeTwoFactorOptions({ purposes: { login }, throttle: false }).throttle).toBe(false);
  });
});

describe('normalizeTwoFactorOptions: abuse defences', () => {
  it('applies default send limits and trusts no proxy', () => {
    const options = normalizeTwoFactorOptions({ purposes: { login } });
    expect(options.sendLimits).toEqual({
      perDestination: { count: 5, windowMs: 86_400_000, spec: '5/1d' },
      perUser: { count: 10, windowMs: 86_400_000, spec: '10/1d' },
      perIp: { count: 50, windowMs: 3_600_000, spec: '50/1h' },
      global: { count: 1000, windowMs: 3_600_000, spec: '1000/1h' },
    });
    expect(options.trustProxyHops).toBe(0);
    expect(options.purposes[0].allowedCountries).toBeUndefined();
  });

  it('merges given send limits over the defaults; false turns one or all off', () => {
    const some = normalizeTwoFactorOptions({
      purposes: { login },
      sendLimits: { perIp: '20/1h', global: false },
    }).sendLimits;
    expect(Object.keys(some).sort()).toEqual(['perDestination', 'perIp', 'perUser']);
    expect(some.perIp).toEqual({ count: 20, windowMs: 3_600_000, spec: '20/1h' });
    expect(normalizeTwoFactorOptions({ purposes: { login }, sendLimits: false }).sendLimits).toEqual({});
  });

  it('gives each purpose the module’s send limits, overridden limit by limit by its own', () => {
    const options = normalizeTwoFactorOptions({
      purposes: {
        login,
        registration: { ...login, sendLimits: { global: '20/1h', perIp: false } },
        payment: { ...login, sendLimits: false },
      },
      sendLimits: { perIp: '30/1h' },
    });
    const [own, registration, payment] = options.purposes.map((p) => p.sendLimits);
    expect(own).toEqual(options.sendLimits);
    expect(own.perIp?.spec).toBe('30/1h');
    expect(Object.keys(registration).sort()).toEqual(['global', 'perDestination', 'perUser']);
    expect(registration.global).toEqual({ count: 20, windowMs: 3_600_000, spec: '20/1h' });
    expect(payment).toEqual({});
    expect(errorOf({ purposes: { login: { ...login, sendLimits: { global: 'lots' } } } })).toContain(
      'purposes.login.sendLimits.global must be a limit like "5/1d"',
    );
  });

  it('takes the purpose’s allowed countries, else the module’s', () => {
    const options = normalizeTwoFactorOptions({
      purposes: { login, payment: { ...login, allowedCountries: ['de', 'DE', 'AT'] } },
      allowedCountries: ['CH'],
    });
    expect(options.purposes.map((p) => [p.name, p.allowedCountries])).toEqual([
      ['login', ['CH']],
      ['payment', ['DE', 'AT']],
    ]);
  });

  it.each([
    [{ sendLimits: { perIp: '20 per hour' } }, 'sendLimits.perIp must be a limit like "5/1d"'],
    [{ sendLimits: { perIp: '1/400d' } }, 'sendLimits.perIp must be a limit like "5/1d"'],
    [{ sendLimits: { perDevice: '1/1d' } }, 'sendLimits.perDevice is not an option'],
    [{ sendLimits: 'strict' }, 'sendLimits must be an object of limits'],
    [{ trustProxyHops: -1 }, 'trustProxyHops must be a whole number from 0 to 10'],
    [{ trustProxyHops: true }, 'trustProxyHops must be a whole number from 0 to 10'],
    [{ trustedProxies: [] }, 'trustedProxies must be a non-empty array of proxy addresses'],
    [{ trustedProxies: '10.0.0.1' }, 'trustedProxies must be a non-empty array'],
    [{ trustedProxies: ['10.0.0.0/99'] }, 'trustedProxies has a wrong entry: "10.0.0.0/99" is neither'],
    [{ allowedCountries: [] }, 'allowedCountries must be a non-empty array of ISO country codes'],
    [{ allowedCountries: ['Switzerland'] }, 'allowedCountries contains "SWITZERLAND"'],
    [{ allowedCountries: 'CH' }, 'allowedCountries must be a non-empty array'],
  ])('refuses %j', (extra, message) => {
    expect(errorOf({ purposes: { login }, ...extra })).toContain(message);
  });

  it('names the purpose of a bad country list', () => {
    expect(errorOf({ purposes: { login: { ...login, allowedCountries: ['XX'] } } })).toContain(
      'purposes.login.allowedCountries contains "XX"',
    );
  });
});
