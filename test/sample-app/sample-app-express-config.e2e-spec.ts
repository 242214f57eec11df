import type { SampleEnv } from '../../sample-app/config/sample-config';
import { createSampleServer } from '../../sample-app/sample-server';
import { closedPort } from '../contract/test-server';

/** The message the sample app on `platform` fails to start with (or `started`). */
async function startUpError(platform: string, env: SampleEnv): Promise<string> {
  try {
    const sample = await createSampleServer({ ...env, SAMPLE_PLATFORM: platform }, { logger: false });
    await sample.close();
    return 'started';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('sample app start-up checks on SAMPLE_PLATFORM=express', () => {
  it('refuses an unknown SAMPLE_PLATFORM, naming the values and the default', async () => {
    for (const value of ['fastify', 'Express ', 'nest']) {
      expect(await startUpError(value, {})).toBe(
        `SAMPLE_PLATFORM must be one of nest-express, nest-fastify, express, got '${value}': unset it for nest-express`,
      );
    }
  });

  it('fails with the very message of nest-express for a bad environment', async () => {
    const port = await closedPort();
    const cases: Array<[SampleEnv, RegExp]> = [
      [{ TWO_FACTOR_PROVIDER: 'infobip', INFOBIP_API_KEY: 'key' }, /INFOBIP_BASE_URL is required/],
      [
        { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) },
        /NODE_ENV=production needs a session store/,
      ],
      [{ NODE_ENV: 'production', SESSION_SECRET: 'short' }, /SESSION_SECRET/],
      [{ ALLOWED_ORIGINS: 'not an origin' }, /ALLOWED_ORIGINS/],
      // Checked by the 2FA module's bootstrap, which names the option.
      [{ TWO_FACTOR_SEND_LIMITS_REGISTRATION: 'perIp=lots' }, /purposes\.registration\.sendLimits\.perIp/],
      [
        { REDIS_URL: `redis://app:hunter2@127.0.0.1:${port}`, ENGINE_SECRET: 'e'.repeat(32) },
        new RegExp(`REDIS_URL \\(redis://app:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}\\) cannot be reached`),
      ],
    ];
    for (const [env, expected] of cases) {
      const onExpress = await startUpError('express', env);
      expect([env, onExpress]).toEqual([env, expect.stringMatching(expected)]);
      expect(onExpress).not.toContain('hunter2');
      expect([env, onExpress]).toEqual([env, await startUpError('nest-express', env)]);
    }
  });

  it('fails to start when Infobip cannot be reached, as nest-express does, never echoing the API key', async () => {
    const port = await closedPort();
    const env = {
      TWO_FACTOR_PROVIDER: 'infobip',
      INFOBIP_BASE_URL: `http://127.0.0.1:${port}`,
      INFOBIP_API_KEY: 'k'.repeat(40),
    };
    const onExpress = await startUpError('express', env);
    expect(onExpress).not.toBe('started');
    expect(onExpress).not.toContain(env.INFOBIP_API_KEY);
    expect(onExpress).toBe(await startUpError('nest-express', env));
  });
});
