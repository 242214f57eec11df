import { Test } from '@nestjs/testing';
import { LocalTwoFactorEngine } from '../../lib/engine';
import { TwoFactorModule, TwoFactorConfigurationError, type TwoFactorModuleOptions } from '../../lib/module';

/** Compiles a module with these options; answers the app module (to close) or throws its bootstrap error. */
async function boot(options: TwoFactorModuleOptions) {
  const moduleRef = await Test.createTestingModule({
    imports: [TwoFactorModule.forRoot({ ...options, controller: false })],
  }).compile();
  moduleRef.useLogger(false);
  return moduleRef;
}

describe('TwoFactorModule bootstrap checks', () => {
  let engine: LocalTwoFactorEngine;
  beforeEach(() => {
    engine = new LocalTwoFactorEngine();
  });
  afterEach(() => engine.close());

  const weak: [string, TwoFactorModuleOptions['purposes'], RegExp][] = [
    [
      'a PIN lifetime over 10 minutes',
      { login: { application: { configuration: { pinTimeToLive: '11m' } } } },
      /^TwoFactorModule: purposes\.login\.application\.configuration\.pinTimeToLive is 11m, over the 10m the policy allows\. Fix: set it to "5m" .*allowWeakPolicy: true/,
    ],
    [
      'more than 10 attempts',
      { login: { application: { configuration: { pinAttempts: 11 } } } },
      /^TwoFactorModule: purposes\.login\.application\.configuration\.pinAttempts is 11, over the 10 the policy allows\. Fix: set it to 5 .*allowWeakPolicy: true/,
    ],
    [
      'a 4-digit PIN',
      { login: { template: { messageText: 'Code {{pin}}', pinLength: 4 } } },
      /^TwoFactorModule: purposes\.login\.template\.pinLength is 4: NUMERIC PINs of that length have only 13\.3 bits of entropy.*Fix: set pinLength to 6 or more, or set allowWeakPolicy: true/,
    ],
    [
      'multiple verifications of one PIN',
      { login: { application: { configuration: { allowMultiplePinVerifications: true } } } },
      /^TwoFactorModule: purposes\.login\.application\.configuration\.allowMultiplePinVerifications is true, so one PIN could verify several times\. Fix: set it to false .*allowWeakPolicy: true/,
    ],
  ];

  it.each(weak)('refuses %s, unless allowWeakPolicy', async (_name, purposes, message) => {
    const error = await boot({ provider: { kind: 'local', engine }, purposes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(await engine.getApplications()).toEqual([]);

    const moduleRef = await boot({ provider: { kind: 'local', engine }, purposes, allowWeakPolicy: true });
    const [app] = await engine.getApplications();
    expect(app.name).toBe('nestjs-infobip-2fa login');
    await moduleRef.close();
  });

  it('creates the application with the secure defaults', async () => {
    const moduleRef = await boot({ provider: { kind: 'local', engine }, purposes: { login: {} } });
    const [app] = await engine.getApplications();
    expect(app.configuration).toEqual({
      pinAttempts: 5,
      allowMultiplePinVerifications: false,
      pinTimeToLive: '5m',
      verifyPinLimit: '1/3s',
      sendPinPerApplicationLimit: '10000/1d',
      sendPinPerPhoneNumberLimit: '5/1d',
    });
    const [template] = await engine.getMessageTemplates(app.applicationId);
    expect(template).toMatchObject({
      pinType: 'NUMERIC',
      pinLength: 6,
      messageText: 'Your verification code is {{pin}}',
    });
    await moduleRef.close();
  });

  it('is idempotent: a restart and a second instance find the same application and template', async () => {
    const options: TwoFactorModuleOptions = {
      provider: { kind: 'local', engine },
      purposes: { login: { application: { name: 'Acme login' }, template: { messageText: 'Acme {{pin}}' } } },
    };
    const first = await boot(options);
    await first.close();
    const [second, third] = await Promise.all([boot(options), boot(options)]);
    const named = (await engine.getApplications()).filter((a) => a.name === 'Acme login');
    expect(named).toHaveLength(1);
    expect(await engine.getMessageTemplates(named[0].applicationId)).toHaveLength(1);
    await second.close();
    await third.close();
  });

  it('refuses an existing application that breaks the policy, naming the purpose, field and fix', async () => {
    await engine.createApplication({
      name: 'Acme login',
      enabled: true,
      configuration: { pinAttempts: 5, allowMultiplePinVerifications: true, pinTimeToLive: '5m' },
    });
    const options: TwoFactorModuleOptions = {
      provider: { kind: 'local', engine },
      purposes: { login: { application: { name: 'Acme login' } } },
    };
    await expect(boot(options)).rejects.toThrow(
      /^TwoFactorModule: purposes\.login\.application the existing application "Acme login" \(id \w+\) has configuration\.allowMultiplePinVerifications that is true, so one PIN could verify several times\. Fix: .*purposes\.login\.updateExisting: true/,
    );
    const moduleRef = await boot({
      ...options,
      purposes: { login: { application: { name: 'Acme login' }, updateExisting: true } },
    });
    const [app] = await engine.getApplications();
    expect(app.configuration.allowMultiplePinVerifications).toBe(false);
    expect(await engine.getApplications()).toHaveLength(1);
    await moduleRef.close();
  });

  it('uses the application and template ids given, and says which id is unknown', async () => {
    const app = await engine.createApplication({
      name: 'given',
      configuration: { allowMultiplePinVerifications: false, pinAttempts: 3, pinTimeToLive: '2m' },
    });
    const template = await engine.createMessageTemplate(app.applicationId, {
      pinType: 'ALPHANUMERIC',
      pinLength: 4,
      messageText: 'Use {{pin}}',
    });
    const moduleRef = await boot({
      provider: { kind: 'local', engine },
      purposes: { login: { application: { id: app.applicationId }, template: { id: template.messageId } } },
    });
    expect(await engine.getApplications()).toHaveLength(1);
    await moduleRef.close();
    await expect(
      boot({ provider: { kind: 'local', engine }, purposes: { login: { application: { id: 'NOPE' } } } }),
    ).rejects.toThrow(
      /^TwoFactorModule: purposes\.login\.application\.id names no application the provider knows/,
    );
    await expect(
      boot({
        provider: { kind: 'local', engine },
        purposes: { login: { application: { id: app.applicationId }, template: { id: 'NOPE' } } },
      }),
    ).rejects.toThrow(/^TwoFactorModule: purposes\.login\.template\.id names no template the provider knows/);
  });

  it('refuses an existing template too weak for the policy', async () => {
    const app = await engine.createApplication({
      name: 'given',
      configuration: { allowMultiplePinVerifications: false, pinAttempts: 5, pinTimeToLive: '5m' },
    });
    const template = await engine.createMessageTemplate(app.applicationId, {
      pinType: 'NUMERIC',
      pinLength: 4,
      messageText: 'Use {{pin}}',
    });
    await expect(
      boot({
        provider: { kind: 'local', engine },
        purposes: {
          login: {
            application: { id: app.applicationId, configuration: { pinTimeToLive: '5m' } },
            template: { id: template.messageId },
          },
        },
      }),
    ).rejects.toThrow(/^TwoFactorModule: purposes\.login\.template\.id is 4: NUMERIC PINs of that length/);
  });

  it('reports option mistakes before touching the provider', async () => {
    await expect(
      boot({
        provider: { kind: 'local', engine },
        purposes: { login: { template: { messageText: 'no placeholder' } } },
      }),
    ).rejects.toThrow('TwoFactorModule: purposes.login.template.messageText must contain {{pin}}');
    await expect(
      boot({ provider: { kind: 'infobip', baseUrl: 'https://x.api.infobip.com' }, purposes: { login: {} } }),
    ).rejects.toThrow(
      /^TwoFactorModule: provider\.apiKey is missing or empty\. Fix: pass your Infobip API key/,
    );
    await expect(boot({ provider: { kind: 'local', engine }, purposes: {} })).rejects.toThrow(
      /^TwoFactorModule: purposes must name at least one purpose/,
    );
    expect(await engine.getApplications()).toEqual([]);
  });
});
