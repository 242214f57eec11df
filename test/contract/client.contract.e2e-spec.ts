import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfobipTwoFactorClient } from 'nestjs-infobip-2fa';
import { TWO_FACTOR_OPERATIONS } from 'nestjs-infobip-2fa/testing';
import { exampleResponse, operations, successStatus, validateRequest } from '../support/openapi';
import { answer, startTestServer, type SeenRequest, type TestServer } from './test-server';

/*
 * Every operation of the client against a server that checks each request
 * with Infobip's own OpenAPI specification (strictly: no unknown fields, no
 * trailing slashes) and answers the specification's own example.
 */

const API_KEY = '7c1e4f0a9b2d4e8f-contract-key';
const APP_ID = '0933F3BC087D2A617AC6DCB2EF5B8A61';
const MSG_ID = '16A8B5FE2BCD6CA716A2D780CB3F3390';
const PIN_ID = '9C817C6F8AF3D48F9FE553282AFA2B67';
const VERSION = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

const configuration = {
  pinAttempts: 5,
  allowMultiplePinVerifications: false,
  pinTimeToLive: '5m',
  verifyPinLimit: '1/3s',
  sendPinPerApplicationLimit: '10000/1d',
  sendPinPerPhoneNumberLimit: '5/1d',
};
const smsTemplate = {
  pinType: 'NUMERIC' as const,
  messageText: 'Hello {{firstName}}, your Acme code is {{pin}}',
  pinLength: 6,
  language: 'en' as const,
  senderId: 'Acme',
  repeatDTMF: '1#',
  speechRate: 1.5,
  voiceName: 'Joanna',
  regional: {
    indiaDlt: {
      principalEntityId: 'entity-1',
      contentTemplateId: 'template-1',
      teleMarketerId: 'marketer-1',
    },
  },
};
const emailTemplate = {
  emailTemplateId: 1234,
  from: 'Acme <security@acme.example>',
  landingPageId: '1_23456',
  pinLength: 6,
  pinType: 'ALPHANUMERIC' as const,
};
const send = {
  applicationId: APP_ID,
  messageId: MSG_ID,
  to: '41793026727',
  from: 'Acme',
  placeholders: { firstName: 'John' },
  trackDelivery: true,
};
const emailSend = {
  applicationId: APP_ID,
  messageId: MSG_ID,
  to: 'john.smith@example.com',
  from: 'security@acme.example',
  placeholders: { firstName: 'John' },
  landingPagePlaceholders: { name: 'John', surname: 'Smith' },
};

describe('InfobipTwoFactorClient against the OpenAPI specification', () => {
  let server: TestServer;
  let client: InfobipTwoFactorClient;
  const exercised = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      const { operationId, errors } = validateRequest(
        { method: req.method, path: req.rawPath, query: req.query, headers: req.headers, body: req.body },
        { strict: true },
      );
      problems.push(...errors.map((e) => `${req.method} ${req.rawPath}: ${e}`));
      if (!operationId || errors.length)
        return answer(res, 400, exampleResponse('create-2fa-application', 400));
      exercised.add(operationId);
      answer(res, successStatus(operationId), exampleResponse(operationId));
    });
    client = new InfobipTwoFactorClient({ baseUrl: server.url, apiKey: API_KEY });
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  /** The last request the server saw. */
  function last(): SeenRequest {
    return server.requests[server.requests.length - 1];
  }

  function expectCommonHeaders(req: SeenRequest, withBody: boolean): void {
    expect(req.headers.authorization).toBe(`App ${API_KEY}`);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['user-agent']).toBe(`nestjs-infobip-2fa/${VERSION}`);
    if (withBody) expect(req.headers['content-type']).toBe('application/json');
    else expect(req.headers['content-type']).toBeUndefined();
  }

  it('getApplications', async () => {
    await expect(client.getApplications()).resolves.toEqual(exampleResponse('get-2fa-applications'));
    expect(last()).toMatchObject({ method: 'GET', rawPath: '/2fa/2/applications', body: undefined });
    expectCommonHeaders(last(), false);
  });

  it('createApplication (201) with every configuration field', async () => {
    const body = { name: 'Acme login', enabled: true, configuration };
    await expect(client.createApplication(body)).resolves.toEqual(exampleResponse('create-2fa-application'));
    expect(last()).toMatchObject({ method: 'POST', rawPath: '/2fa/2/applications', body });
    expectCommonHeaders(last(), true);
  });

  it('getApplication', async () => {
    await expect(client.getApplication(APP_ID)).resolves.toEqual(exampleResponse('get-2fa-application'));
    expect(last()).toMatchObject({ method: 'GET', rawPath: `/2fa/2/applications/${APP_ID}` });
  });

  it('updateApplication', async () => {
    const body = { name: 'Acme login', enabled: false, configuration };
    await expect(client.updateApplication(APP_ID, body)).resolves.toEqual(
      exampleResponse('update-2fa-application'),
    );
    expect(last()).toMatchObject({ method: 'PUT', rawPath: `/2fa/2/applications/${APP_ID}`, body });
  });

  it('getMessageTemplates', async () => {
    await expect(client.getMessageTemplates(APP_ID)).resolves.toEqual(
      exampleResponse('get-2fa-message-templates'),
    );
    expect(last()).toMatchObject({ method: 'GET', rawPath: `/2fa/2/applications/${APP_ID}/messages` });
  });

  it('createMessageTemplate with voice fields, placeholders and regional.indiaDlt', async () => {
    await expect(client.createMessageTemplate(APP_ID, smsTemplate)).resolves.toEqual(
      exampleResponse('create-2fa-message-template'),
    );
    expect(last()).toMatchObject({
      method: 'POST',
      rawPath: `/2fa/2/applications/${APP_ID}/messages`,
      body: smsTemplate,
    });
  });

  it('getMessageTemplate', async () => {
    await expect(client.getMessageTemplate(APP_ID, MSG_ID)).resolves.toEqual(
      exampleResponse('get-2fa-message-template'),
    );
    expect(last()).toMatchObject({
      method: 'GET',
      rawPath: `/2fa/2/applications/${APP_ID}/messages/${MSG_ID}`,
    });
  });

  it('updateMessageTemplate, whole and partial', async () => {
    const expected = exampleResponse('update-2fa-message-template');
    await expect(client.updateMessageTemplate(APP_ID, MSG_ID, smsTemplate)).resolves.toEqual(expected);
    expect(last()).toMatchObject({
      method: 'PUT',
      rawPath: `/2fa/2/applications/${APP_ID}/messages/${MSG_ID}`,
      body: smsTemplate,
    });
    await expect(client.updateMessageTemplate(APP_ID, MSG_ID, { senderId: 'Acme2' })).resolves.toEqual(
      expected,
    );
    expect(last().body).toEqual({ senderId: 'Acme2' });
  });

  it('createEmailMessageTemplate with landingPageId', async () => {
    await expect(client.createEmailMessageTemplate(APP_ID, emailTemplate)).resolves.toEqual(
      exampleResponse('create-2fa-email-message-template'),
    );
    expect(last()).toMatchObject({
      method: 'POST',
      rawPath: `/2fa/2/applications/${APP_ID}/email/messages`,
      body: emailTemplate,
    });
  });

  it('updateEmailMessageTemplate', async () => {
    await expect(client.updateEmailMessageTemplate(APP_ID, MSG_ID, emailTemplate)).resolves.toEqual(
      exampleResponse('update-2fa-email-message-template'),
    );
    expect(last()).toMatchObject({
      method: 'PUT',
      rawPath: `/2fa/2/applications/${APP_ID}/email/messages/${MSG_ID}`,
      body: emailTemplate,
    });
  });

  it.each([
    ['absent', undefined, {}],
    ['true', { ncNeeded: true }, { ncNeeded: 'true' }],
    ['false', { ncNeeded: false }, { ncNeeded: 'false' }],
  ])('sendPinOverSms with ncNeeded %s', async (_name, options, query) => {
    await expect(client.sendPinOverSms(send, options)).resolves.toEqual(
      exampleResponse('send-2fa-pin-code-over-sms'),
    );
    expect(last()).toMatchObject({ method: 'POST', rawPath: '/2fa/2/pin', body: send });
    expect(last().query).toEqual(query);
    expectCommonHeaders(last(), true);
  });

  it('sendPinOverVoice', async () => {
    await expect(client.sendPinOverVoice(send)).resolves.toEqual(
      exampleResponse('send-2fa-pin-code-over-voice'),
    );
    expect(last()).toMatchObject({ method: 'POST', rawPath: '/2fa/2/pin/voice', body: send, query: {} });
  });

  it('sendPinOverEmail with landingPagePlaceholders', async () => {
    await expect(client.sendPinOverEmail(emailSend)).resolves.toEqual(
      exampleResponse('send-2fa-pin-code-over-email'),
    );
    expect(last()).toMatchObject({ method: 'POST', rawPath: '/2fa/2/pin/email', body: emailSend });
  });

  it('resendPinOverSms with and without a body', async () => {
    const expected = exampleResponse('resend-2fa-pin-code-over-sms');
    const body = { placeholders: { firstName: 'John' }, trackDelivery: true };
    await expect(client.resendPinOverSms(PIN_ID, body)).resolves.toEqual(expected);
    expect(last()).toMatchObject({ method: 'POST', rawPath: `/2fa/2/pin/${PIN_ID}/resend`, body });
    await expect(client.resendPinOverSms(PIN_ID)).resolves.toEqual(expected);
    expect(last().body).toEqual({});
    expectCommonHeaders(last(), true);
  });

  it('resendPinOverVoice with and without a body', async () => {
    const expected = exampleResponse('resend-2fa-pin-code-over-voice');
    const body = { placeholders: { firstName: 'John' }, trackDelivery: false };
    await expect(client.resendPinOverVoice(PIN_ID, body)).resolves.toEqual(expected);
    expect(last()).toMatchObject({ method: 'POST', rawPath: `/2fa/2/pin/${PIN_ID}/resend/voice`, body });
    await expect(client.resendPinOverVoice(PIN_ID)).resolves.toEqual(expected);
    expect(last().body).toEqual({});
  });

  it('resendPinOverEmail with and without a body', async () => {
    const expected = exampleResponse('resend-2fa-pin-code-over-email');
    const body = {
      placeholders: { firstName: 'John' },
      landingPagePlaceholders: { name: 'John', surname: 'Smith' },
    };
    await expect(client.resendPinOverEmail(PIN_ID, body)).resolves.toEqual(expected);
    expect(last()).toMatchObject({ method: 'POST', rawPath: `/2fa/2/pin/${PIN_ID}/resend/email`, body });
    await expect(client.resendPinOverEmail(PIN_ID)).resolves.toEqual(expected);
    expect(last().body).toEqual({});
  });

  it('verifyPin', async () => {
    await expect(client.verifyPin(PIN_ID, { pin: '1598' })).resolves.toEqual(
      exampleResponse('verify-2fa-phone-number'),
    );
    expect(last()).toMatchObject({
      method: 'POST',
      rawPath: `/2fa/2/pin/${PIN_ID}/verify`,
      body: { pin: '1598' },
    });
  });

  it.each([
    [{ msisdn: '41793026727' }, { msisdn: '41793026727' }],
    [
      { msisdn: '41793026727', verified: true, sent: false },
      { msisdn: '41793026727', verified: 'true', sent: 'false' },
    ],
    [
      { msisdn: 'john+2fa@example.com', sent: true },
      { msisdn: 'john+2fa@example.com', sent: 'true' },
    ],
  ])('getVerificationStatus %j', async (query, seen) => {
    await expect(client.getVerificationStatus(APP_ID, query)).resolves.toEqual(
      exampleResponse('get-2fa-verification-status'),
    );
    expect(last()).toMatchObject({ method: 'GET', rawPath: `/2fa/2/applications/${APP_ID}/verifications` });
    expect(last().query).toEqual(seen);
  });

  it('has exercised every operation of the specification, one per TwoFactorApi method', () => {
    expect([...exercised].sort()).toEqual(operations.map((o) => o.operationId).sort());
    expect(operations).toHaveLength(TWO_FACTOR_OPERATIONS.length);
  });
});
