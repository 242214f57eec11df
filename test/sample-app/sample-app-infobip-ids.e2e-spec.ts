import type { INestApplication } from '@nestjs/common';
import { InMemoryOutbox } from 'nestjs-infobip-2fa';
import { type StartedEmulator, startEmulator } from 'nestjs-infobip-2fa/emulator';
import request from 'supertest';
import { createSampleApp } from '../../sample-app/create-app';

// INFOBIP_APPLICATION_ID / INFOBIP_MESSAGE_ID: an application and SMS template made beforehand
// (in Infobip's portal, here on the emulator) serve the `login` purpose; `registration` keeps its own.
describe('sample app with an existing Infobip application for login', () => {
  const apiKey = 'ids-test-key';
  let emulator: StartedEmulator;
  let app: INestApplication;
  let applicationId: string;
  let messageId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKey });
    const engine = emulator.emulator.engine;
    ({ applicationId } = await engine.createApplication({
      name: 'Login made in the portal',
      configuration: {
        pinAttempts: 5,
        allowMultiplePinVerifications: false,
        pinTimeToLive: '5m',
        verifyPinLimit: '1/3s',
        sendPinPerPhoneNumberLimit: '5/1d',
      },
    }));
    ({ messageId } = await engine.createMessageTemplate(applicationId, {
      messageText: 'Your sign-in code is {{pin}}',
      pinType: 'NUMERIC',
      pinLength: 6,
    }));
    app = await createSampleApp(
      {
        TWO_FACTOR_PROVIDER: 'infobip',
        INFOBIP_BASE_URL: emulator.url,
        INFOBIP_API_KEY: apiKey,
        INFOBIP_APPLICATION_ID: applicationId,
        INFOBIP_MESSAGE_ID: messageId,
      },
      { logger: false, clock: engine.clock },
    );
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('sends login PINs with that application and template, registration PINs with another', async () => {
    const outbox = emulator.emulator.engine.outbox as InMemoryOutbox;
    const account = { username: 'ids-user', password: 'ids-password', phone: '+41791888888' };
    const agent = request.agent(app.getHttpServer());
    expect((await agent.post('/auth/register').send(account)).status).toBe(201);
    const registration = outbox.list('41791888888').at(-1)!;
    expect(registration.applicationId).not.toBe(applicationId);
    emulator.emulator.engine.clock.advance(3_000);
    expect((await agent.post('/2fa/verify').send({ pin: registration.pin })).status).toBe(200);

    const login = await agent
      .post('/auth/login')
      .send({ username: account.username, password: account.password });
    expect(login.status).toBe(200);
    expect(outbox.list('41791888888').at(-1)).toMatchObject({ applicationId, messageId, channel: 'sms' });
  });
});
