import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { InfobipApiError } from '../../lib/infobip/infobip-api.error';
import { InfobipTwoFactorClient } from '../../lib/infobip/infobip-two-factor.client';
import { operations, successStatus, validateResponse } from '../support/openapi';
import { DevEndpoints } from './dev-endpoints';
import { httpCall } from './http-call';

/**
 * Every one of the 18 operations, called through the project's own client,
 * answered by the emulator, and every answer checked against Infobip's
 * OpenAPI specification.
 */
describe("the emulator speaks Infobip's wire format", () => {
  const apiKey = 'contract-key';
  const phone = '41793026727';
  const email = 'jane.doe@example.com';
  let started: StartedEmulator;
  let client: InfobipTwoFactorClient;
  let dev: DevEndpoints;
  const exercised = new Set<string>();

  /** Awaits an operation's answer and checks it against the schema of its success status. */
  async function conforming<T>(operationId: string, call: Promise<T>): Promise<T> {
    const body = await call;
    expect(validateResponse(operationId, successStatus(operationId), body)).toEqual([]);
    exercised.add(operationId);
    return body;
  }

  beforeAll(async () => {
    started = await startEmulator({ apiKey });
    client = new InfobipTwoFactorClient({ baseUrl: started.url, apiKey, maxReadRetries: 0 });
    dev = new DevEndpoints(started.url, apiKey);
  });

  afterAll(async () => {
    client.close();
    await started.close();
  });

  it('walks applications, templates, sends, resends, verifications and updates', async () => {
    const app = await conforming(
      'create-2fa-application',
      client.createApplication({
        name: 'contract',
        enabled: true,
        configuration: { pinAttempts: 3, pinTimeToLive: '10m', verifyPinLimit: '100/1s' },
      }),
    );
    const appId = app.applicationId;
    expect(app.configuration).toMatchObject({
      pinAttempts: 3,
      pinTimeToLive: '10m',
      verifyPinLimit: '100/1s',
    });
    expect((await conforming('get-2fa-application', client.getApplication(appId))).name).toBe('contract');

    const sms = await conforming(
      'create-2fa-message-template',
      client.createMessageTemplate(appId, {
        pinType: 'NUMERIC',
        pinLength: 6,
        messageText: 'Code {{pin}} for {{name}}',
      }),
    );
    const voice = await conforming(
      'create-2fa-message-template',
      client.createMessageTemplate(appId, {
        pinType: 'ALPHANUMERIC',
        pinLength: 5,
        messageText: 'Your code is {{pin}}',
        language: 'en',
        repeatDTMF: '1#',
        speechRate: 1,
      }),
    );
    const mail = await conforming(
      'create-2fa-email-message-template',
      client.createEmailMessageTemplate(appId, {
        emailTemplateId: 1234,
        from: 'no-reply@example.com',
        pinLength: 8,
      }),
    );
    const templates = await conforming('get-2fa-message-templates', client.getMessageTemplates(appId));
    expect(templates.map((t) => t.messageId).sort()).toEqual(
      [sms.messageId, voice.messageId, mail.messageId].sort(),
    );
    expect(
      (await conforming('get-2fa-message-template', client.getMessageTemplate(appId, sms.messageId)))
        .messageText,
    ).toBe('Code {{pin}} for {{name}}');

    const bySms = await conforming(
      'send-2fa-pin-code-over-sms',
      client.sendPinOverSms({
        applicationId: appId,
        messageId: sms.messageId,
        to: phone,
        placeholders: { name: 'Ann' },
      }),
    );
    await conforming(
      'send-2fa-pin-code-over-sms',
      client.sendPinOverSms(
        { applicationId: appId, messageId: sms.messageId, to: '41793026728' },
        { ncNeeded: false },
      ),
    );
    const byVoice = await conforming(
      'send-2fa-pin-code-over-voice',
      client.sendPinOverVoice({ applicationId: appId, messageId: voice.messageId, to: '41793026729' }),
    );
    const byEmail = await conforming(
      'send-2fa-pin-code-over-email',
      client.sendPinOverEmail({ applicationId: appId, messageId: mail.messageId, to: email }),
    );

    await conforming(
      'resend-2fa-pin-code-over-sms',
      client.resendPinOverSms(bySms.pinId, { placeholders: { name: 'Ann' } }),
    );
    await conforming('resend-2fa-pin-code-over-voice', client.resendPinOverVoice(byVoice.pinId));
    await conforming('resend-2fa-pin-code-over-email', client.resendPinOverEmail(byEmail.pinId));

    const messages = await dev.messages();
    expect(new Set(messages.map((m) => m.channel))).toEqual(new Set(['sms', 'voice', 'email']));
    const smsPin = await dev.latestPin(phone);
    expect(smsPin).toMatch(/^[0-9]{6}$/);
    expect((await dev.messages(phone)).at(-1)!.text).toBe(`Code ${smsPin} for Ann`);
    expect(await dev.latestPin('41793026729')).toMatch(/^[0-9A-Z]{5}$/);
    expect(await dev.latestPin(email)).toMatch(/^[0-9]{8}$/);

    const wrong = await conforming(
      'verify-2fa-phone-number',
      client.verifyPin(bySms.pinId, { pin: smsPin === '000000' ? '000001' : '000000' }),
    );
    expect(wrong).toMatchObject({ verified: false, pinError: 'WRONG_PIN', attemptsRemaining: 2 });
    const right = await conforming('verify-2fa-phone-number', client.verifyPin(bySms.pinId, { pin: smsPin }));
    expect(right).toMatchObject({ pinId: bySms.pinId, msisdn: phone, verified: true });
    const emailRight = await client.verifyPin(byEmail.pinId, { pin: await dev.latestPin(email) });
    expect(emailRight).toMatchObject({ verified: true, msisdn: email });

    const status = await conforming(
      'get-2fa-verification-status',
      client.getVerificationStatus(appId, { msisdn: phone }),
    );
    expect(status.verifications).toEqual([expect.objectContaining({ msisdn: phone, verified: true })]);
    const verification = status.verifications[0];
    expect(verification.verifiedAt).toBeGreaterThanOrEqual(verification.sentAt!);
    expect(verification.sentAt).toBeGreaterThan(10 ** 12); // epoch milliseconds
    const pending = await client.getVerificationStatus(appId, {
      msisdn: '41793026728',
      verified: false,
      sent: true,
    });
    expect(pending.verifications).toEqual([expect.objectContaining({ verified: false })]);

    const renamed = await conforming(
      'update-2fa-application',
      client.updateApplication(appId, { name: 'contract v2', configuration: { pinAttempts: 5 } }),
    );
    expect(renamed).toMatchObject({ applicationId: appId, name: 'contract v2' });
    const retext = await conforming(
      'update-2fa-message-template',
      client.updateMessageTemplate(appId, sms.messageId, { messageText: 'New code {{pin}}' }),
    );
    expect(retext).toMatchObject({
      messageId: sms.messageId,
      messageText: 'New code {{pin}}',
      pinType: 'NUMERIC',
    });
    const remail = await conforming(
      'update-2fa-email-message-template',
      client.updateEmailMessageTemplate(appId, mail.messageId, { pinLength: 6 }),
    );
    expect(remail).toMatchObject({ messageId: mail.messageId, pinLength: 6, emailTemplateId: 1234 });

    const apps = await conforming('get-2fa-applications', client.getApplications());
    expect(apps).toEqual([expect.objectContaining({ applicationId: appId, name: 'contract v2' })]);

    expect([...exercised].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });

  it('answers errors in the envelope the specification documents', async () => {
    const headers = { Authorization: `App ${apiKey}` };
    const cases: Array<
      [string, { method?: string; path: string; body?: object; headers?: Record<string, string> }, number]
    > = [
      [
        'create-2fa-application',
        { method: 'POST', path: '/2fa/2/applications', body: { enabled: true } },
        400,
      ],
      ['get-2fa-application', { path: '/2fa/2/applications/NOPE' }, 404],
      ['get-2fa-applications', { path: '/2fa/2/applications', headers: { Authorization: 'App wrong' } }, 401],
      [
        'verify-2fa-phone-number',
        { method: 'POST', path: '/2fa/2/pin/NOPE/verify', body: { pin: '1234' } },
        404,
      ],
      ['resend-2fa-pin-code-over-sms', { method: 'POST', path: '/2fa/2/pin/NOPE/resend' }, 404],
    ];
    for (const [operationId, call, status] of cases) {
      const res = await httpCall(started.url, { ...call, headers: call.headers ?? headers });
      expect(res.status).toBe(status);
      expect(validateResponse(operationId, status, res.json)).toEqual([]);
    }
  });

  it('makes the client see Infobip errors as InfobipApiError', async () => {
    const error = await client.getApplication('NOPE').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InfobipApiError);
    expect(error).toMatchObject({ status: 404, messageId: 'NOT_FOUND' });
  });
});
