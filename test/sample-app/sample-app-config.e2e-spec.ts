import { createSampleApp } from '../../sample-app/create-app';

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

  it('refuses production without a shared session store', async () => {
    await expect(fails({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) })).rejects.toThrow(
      /NODE_ENV=production needs a session store shared by all instances/,
    );
  });

  it('says that REDIS_URL is not supported yet rather than ignoring it', async () => {
    await expect(fails({ REDIS_URL: 'redis://127.0.0.1:6379' })).rejects.toThrow(
      'REDIS_URL support is not built in this version',
    );
  });

  it('refuses an ALLOWED_ORIGINS entry that is not an origin', async () => {
    await expect(fails({ ALLOWED_ORIGINS: 'https://ok.example, not an origin' })).rejects.toThrow(
      /ALLOWED_ORIGINS/,
    );
  });
});
