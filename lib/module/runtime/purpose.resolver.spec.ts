import { createServer } from 'node:net';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';
import { InfobipTwoFactorClient } from '../../infobip/infobip-two-factor.client';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import { TwoFactorConfigurationError } from '../errors/two-factor-configuration.error';
import type { NormalizedPurpose } from '../options/normalized-options.interface';
import { normalizeTwoFactorOptions } from '../options/two-factor-options.validator';
import { PurposeResolver } from './purpose.resolver';

/** The `login` purpose as the module normalizes it from `options`. */
function login(options: Record<string, unknown> = {}): NormalizedPurpose {
  return normalizeTwoFactorOptions({
    purposes: { login: { template: { messageText: 'Your code is {{pin}}' }, ...options } },
  }).purposes[0];
}

/** What resolving `purpose` on `api` fails with. */
function failure(api: TwoFactorApi, purpose: NormalizedPurpose): Promise<unknown> {
  return new PurposeResolver(api, false).resolve(purpose).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('PurposeResolver', () => {
  let engine: LocalTwoFactorEngine;
  beforeEach(() => {
    engine = new LocalTwoFactorEngine();
  });
  afterEach(() => engine.close());

  it('creates the application and template once, and finds the same ones on the next bootstrap', async () => {
    const first = await new PurposeResolver(engine, false).resolve(login());
    const second = await new PurposeResolver(engine, false).resolve(login());
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      name: 'login',
      ttlMs: 5 * 60_000,
      defaultChannel: 'sms',
      templates: { sms: { channel: 'sms', pinType: 'NUMERIC', pinLength: 6 } },
    });
    const applications = await engine.getApplications();
    expect(applications.map((application) => application.name)).toEqual(['nestjs-infobip-2fa login']);
    expect(await engine.getMessageTemplates(first.applicationId)).toHaveLength(1);
  });

  it('refuses an application id the provider does not know, naming the option and the fix', async () => {
    const error = await failure(engine, login({ application: { id: 'NO-SUCH-APP' } }));
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect((error as Error).message).toBe(
      'TwoFactorModule: purposes.login.application.id names no application the provider knows. ' +
        'Fix: check the id, or remove it to find or create the application by its fields',
    );
  });

  it('refuses an existing application that breaks the policy, and updates it with updateExisting', async () => {
    await engine.createApplication({
      name: 'nestjs-infobip-2fa login',
      enabled: true,
      configuration: { pinAttempts: 50, pinTimeToLive: '5m' },
    });
    const error = await failure(engine, login());
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect((error as Error).message).toMatch(
      /^TwoFactorModule: purposes\.login\.application the existing application "nestjs-infobip-2fa login" .* configuration\.pinAttempts .*Fix: .*updateExisting: true/,
    );

    const resolved = await new PurposeResolver(engine, false).resolve(login({ updateExisting: true }));
    expect(resolved.configuration.pinAttempts).toBe(5);
    expect((await engine.getApplication(resolved.applicationId)).configuration.pinAttempts).toBe(5);
  });

  it('turns an unreachable provider into a bootstrap error naming the fix', async () => {
    // A port that was free a moment ago and has no listener now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const client = new InfobipTwoFactorClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'key' });
    try {
      const error = await failure(client, login());
      expect(error).toBeInstanceOf(TwoFactorConfigurationError);
      expect((error as Error).message).toMatch(
        /^TwoFactorModule: purposes\.login could not be set up at the 2FA provider \(.*\)\. Fix: check provider\.baseUrl and that the provider is reachable$/,
      );
    } finally {
      await client.close();
    }
  });
});
