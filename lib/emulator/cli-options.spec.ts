import { parseEmulatorCliArgs } from './cli-options';

describe('parseEmulatorCliArgs', () => {
  it('has defaults', () => {
    expect(parseEmulatorCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 4010, host: '127.0.0.1', verbose: false },
    });
  });

  it('reads both flag forms', () => {
    expect(parseEmulatorCliArgs(['--port', '0', '--host=::1', '--api-key=k=1', '-v'])).toEqual({
      kind: 'run',
      options: { port: 0, host: '::1', apiKey: 'k=1', verbose: true },
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
  ])('refuses %j', (argv) => {
    expect(parseEmulatorCliArgs(argv)).toMatchObject({ kind: 'error' });
  });

  it('refuses a bad port from the environment', () => {
    expect(parseEmulatorCliArgs([], { EMULATOR_PORT: 'http' })).toMatchObject({ kind: 'error' });
  });
});
