import { parseEmulatorCliArgs } from './cli-options';

describe('parseEmulatorCliArgs', () => {
  it('has defaults', () => {
    expect(parseEmulatorCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 4010, host: '127.0.0.1', accountLimits: false, verbose: false },
    });
  });

  it('reads both flag forms', () => {
    expect(parseEmulatorCliArgs(['--port', '0', '--host=::1', '--api-key=k=1', '-v'])).toEqual({
      kind: 'run',
      options: { port: 0, host: '::1', apiKey: 'k=1', accountLimits: false, verbose: true },
    });
  });

  it('reads every credential and the account limits, from flags and from the environment', () => {
    expect(
      parseEmulatorCliArgs(['--basic', 'user:pa:ss', '--bearer=tok', '--ibsso', 'sso', '--account-limits']),
    ).toEqual({
      kind: 'run',
      options: {
        port: 4010,
        host: '127.0.0.1',
        basic: 'user:pa:ss',
        bearer: 'tok',
        ibsso: 'sso',
        accountLimits: true,
        verbose: false,
      },
    });
    const env = {
      EMULATOR_BASIC: 'u:p',
      EMULATOR_BEARER: 'b',
      EMULATOR_IBSSO: 'i',
      EMULATOR_ACCOUNT_LIMITS: 'true',
    };
    expect(parseEmulatorCliArgs(['--bearer', 'flag-wins'], env)).toMatchObject({
      options: { basic: 'u:p', bearer: 'flag-wins', ibsso: 'i', accountLimits: true },
    });
  });

  it('falls back to the environment, flags winning', () => {
    const env = { EMULATOR_PORT: '5000', EMULATOR_HOST: '0.0.0.0', EMULATOR_API_KEY: 'from-env' };
    expect(parseEmulatorCliArgs([], env)).toMatchObject({
      options: { port: 5000, host: '0.0.0.0', apiKey: 'from-env' },
    });
    expect(parseEmulatorCliArgs(['--port=6000'], env)).toMatchObject({ options: { port: 6000 } });
  });

  it('answers help', () => {
    expect(parseEmulatorCliArgs(['--port', '1', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus']],
    [['4010']],
    [['--port']],
    [['--port', '--verbose']],
    [['--port', '65536']],
    [['--port', '-1']],
    [['--port', '1e3']],
    [['--port=']],
    [['--host']],
    [['--api-key=']],
    [['--verbose=yes']],
    [['--basic', 'no-colon']],
    [['--bearer']],
    [['--ibsso=']],
    [['--account-limits=yes']],
  ])('refuses %j', (argv) => {
    expect(parseEmulatorCliArgs(argv)).toMatchObject({ kind: 'error' });
  });

  it('refuses a bad port from the environment', () => {
    expect(parseEmulatorCliArgs([], { EMULATOR_PORT: 'http' })).toMatchObject({ kind: 'error' });
  });

  it('refuses a bad EMULATOR_ACCOUNT_LIMITS, naming it', () => {
    expect(parseEmulatorCliArgs([], { EMULATOR_ACCOUNT_LIMITS: 'yes' })).toEqual({
      kind: 'error',
      message: 'EMULATOR_ACCOUNT_LIMITS must be true or false, got "yes"',
    });
  });

  it('never quotes a secret in its errors', () => {
    expect(JSON.stringify(parseEmulatorCliArgs(['--basic', 'secret-no-colon']))).not.toContain('secret');
  });
});
