import { DEFAULT_COUNTRIES, parseAbuseConfig, REGISTRATION_SEND_LIMITS } from './abuse-config';

describe('parseAbuseConfig', () => {
  it('defaults: a short country list, registration budgets of its own, proxies on loopback in production', () => {
    const config = parseAbuseConfig({});
    expect(config.allowedCountries).toEqual([...DEFAULT_COUNTRIES]);
    expect(config.allowedCountries).toEqual(expect.arrayContaining(['CH', 'DE', 'GB', 'US']));
    expect(config.purposeSendLimits).toEqual({ registration: REGISTRATION_SEND_LIMITS });
    expect(config.trustedProxies).toBeUndefined();
    expect(parseAbuseConfig({ NODE_ENV: 'production' }).trustedProxies).toEqual(['loopback']);
  });

  it('takes every purpose’s limits, then each purpose’s own over them', () => {
    const config = parseAbuseConfig({
      TWO_FACTOR_SEND_LIMITS: 'perIp=200/1h,global=off',
      TWO_FACTOR_SEND_LIMITS_REGISTRATION: 'global=20/1h',
      TWO_FACTOR_SEND_LIMITS_LOGIN: 'perDestination=10/1d',
    });
    expect(config.sendLimits).toEqual({ perIp: '200/1h', global: false });
    // The limits TWO_FACTOR_SEND_LIMITS names replace registration's defaults.
    expect(config.purposeSendLimits).toEqual({
      registration: { perDestination: '3/1d', global: '20/1h' },
      login: { perDestination: '10/1d' },
    });
  });

  it('takes countries, network codes, any; proxies by address, range or none', () => {
    expect(parseAbuseConfig({ TWO_FACTOR_COUNTRIES: 'ch, li,+881' }).allowedCountries).toEqual([
      'CH',
      'LI',
      '+881',
    ]);
    expect(parseAbuseConfig({ TWO_FACTOR_COUNTRIES: 'any' }).allowedCountries).toBeUndefined();
    expect(parseAbuseConfig({ TRUSTED_PROXIES: '10.0.0.2, fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.2',
      'fd00::/8',
    ]);
    expect(
      parseAbuseConfig({ NODE_ENV: 'production', TRUSTED_PROXIES: 'none' }).trustedProxies,
    ).toBeUndefined();
  });

  it.each([
    [
      { TWO_FACTOR_SEND_LIMITS_PAYMENT: 'global=1/1h' },
      'TWO_FACTOR_SEND_LIMITS_PAYMENT: the sample app has no such purpose',
    ],
    [
      { TWO_FACTOR_SEND_LIMITS_LOGIN: 'perDevice=1/1h' },
      "TWO_FACTOR_SEND_LIMITS_LOGIN: 'perDevice=1/1h' is not one of",
    ],
    [{ TWO_FACTOR_COUNTRIES: 'CH,Switzerland' }, "TWO_FACTOR_COUNTRIES: 'Switzerland' is not a two-letter"],
    [{ TRUSTED_PROXIES: 'proxy.internal' }, 'TRUSTED_PROXIES: "proxy.internal" is neither an IP address'],
  ])('names the variable to fix: %j', (env, message) => {
    expect(() => parseAbuseConfig(env)).toThrow(message);
  });
});
