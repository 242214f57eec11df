import { createSampleApp } from '../../sample-app/create-app';
import { closedPort } from '../support/closed-port';

describe('sample app start-up checks', () => {
  const fails = (env: Record<string, string>) => createSampleApp(env, { logger: false });

  it('names INFOBIP_BASE_URL when TWO_FACTOR_PROVIDER=infobip lacks it', async () => {
    await expect(fails({ TWO_FACTOR_PROVIDER: 'infobip', INFOBIP_API_KEY: 'key' })).rejects.toThrow(
      'INFOBIP_BASE_URL is required when TWO_FACTOR_PROVIDER=infobip',
    );
  });

  it('names INFOBIP_API_KEY when TWO_FACTOR_PROVIDER=infobip lacks it, without echoing secrets', async () => {
    await expect(
      fails({ TWO_FACTOR_PROVIDER: 'infobip', INFOBIP_BASE_URL: 'https://xyz.api.infobip.com' }),
    ).rejects.toThrow('INFOBIP_API_KEY is required when TWO_FACTOR_PROVIDER=infobip');
  });

  it('refuses an unknown TWO_FACTOR_PROVIDER', async () => {
    await expect(fails({ TWO_FACTOR_PROVIDER: 'carrier-pigeon' })).rejects.toThrow(
      /TWO_FACTOR_PROVIDER must be 'local' or 'infobip'/,
    );
  });

  it('refuses INFOBIP_MESSAGE_ID without INFOBIP_APPLICATION_ID', async () => {
    await expect(
      fails({
        TWO_FACTOR_PROVIDER: 'infobip',
        INFOBIP_BASE_URL: 'https://x.api.infobip.com',
        INFOBIP_API_KEY: 'k',
        INFOBIP_MESSAGE_ID: 'M',
      }),
    ).rejects.toThrow(/INFOBIP_MESSAGE_ID needs INFOBIP_APPLICATION_ID/);
  });

  it('requires a strong SESSION_SECRET in production', async () => {
    await expect(fails({ NODE_ENV: 'production' })).rejects.toThrow(
      /SESSION_SECRET is required when NODE_ENV=production/,
    );
    await expect(fails({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).rejects.toThrow(
      /SESSION_SECRET/,
    );
  });

  it('names SESSION_ABSOLUTE_TIMEOUT when it is not a duration like 12h', async () => {
    for (const value of ['12 hours', '0h', '-1h', '2y', '400d']) {
      await expect(fails({ SESSION_ABSOLUTE_TIMEOUT: value })).rejects.toThrow(
        /^SESSION_ABSOLUTE_TIMEOUT must /,
      );
    }
  });

  it('refuses production without a shared session store', async () => {
    await expect(fails({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) })).rejects.toThrow(
      /NODE_ENV=production needs a session store shared by all instances/,
    );
  });

  it('requires a shared ENGINE_SECRET when REDIS_URL is set with the embedded engine', async () => {
    const url = 'redis://127.0.0.1:6379';
    await expect(fails({ REDIS_URL: url })).rejects.toThrow(
      /ENGINE_SECRET is required when REDIS_URL is set/,
    );
    await expect(fails({ REDIS_URL: url, ENGINE_SECRET: 'too short' })).rejects.toThrow(/ENGINE_SECRET/);
  });

  it('refuses a REDIS_URL that is not a redis:// URL, without echoing it', async () => {
    const error = await fails({ REDIS_URL: 'http://user:hunter2@cache:6379' }).catch((e: Error) => e);
    expect(String(error)).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(String(error)).not.toContain('hunter2');
  });

  it('names REDIS_URL, password masked, when Redis cannot be reached at start-up', async () => {
    const port = await closedPort();
    const error = await fails({
      REDIS_URL: `redis://app:hunter2@127.0.0.1:${port}`,
      ENGINE_SECRET: 'e'.repeat(32),
    }).catch((e: Error) => e);
    expect(String(error)).toContain(`REDIS_URL (redis://app:****@127.0.0.1:${port}) cannot be reached`);
    expect(String(error)).toContain('ECONNREFUSED');
    expect(String(error)).not.toContain('hunter2');
  });

  it('names REDIS_CLUSTER_NODES or REDIS_SENTINELS when they cannot be reached at start-up', async () => {
    const port = await closedPort();
    const secret = { ENGINE_SECRET: 'e'.repeat(32) };
    await expect(fails({ REDIS_CLUSTER_NODES: `127.0.0.1:${port}`, ...secret })).rejects.toThrow(
      `REDIS_CLUSTER_NODES (cluster 127.0.0.1:${port}) cannot be reached`,
    );
    await expect(
      fails({ REDIS_SENTINELS: `127.0.0.1:${port}`, REDIS_SENTINEL_NAME: 'mymaster', ...secret }),
    ).rejects.toThrow(`REDIS_SENTINELS ('mymaster' of Sentinels 127.0.0.1:${port}) cannot be reached`);
  });

  it('refuses an ALLOWED_ORIGINS entry that is not an origin', async () => {
    await expect(fails({ ALLOWED_ORIGINS: 'https://ok.example, not an origin' })).rejects.toThrow(
      /ALLOWED_ORIGINS/,
    );
  });
});
