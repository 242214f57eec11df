import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { apiRoutes } from '../../lib/emulator/api.routes';
import { parseXmlBody, toXml } from '../../lib/emulator/xml';
import { LocalTwoFactorEngine } from '../../lib/engine/local-two-factor.engine';
import { InfobipTwoFactorClient } from '../../lib/infobip/infobip-two-factor.client';
import { httpCall, type HttpAnswer } from '../emulator/http-call';
import { operations, successStatus, validateResponse } from '../support/openapi';
import { bodyFromXml, pairedExamples, xmlRoot } from '../support/openapi-xml';

const examples = pairedExamples();
const requests = examples.filter((example) => example.part === 'request');
const responses = examples.filter((example) => example.part !== 'request');

describe("XML as Infobip's spec writes it", () => {
  it('has XML examples for requests, answers and errors', () => {
    expect(requests.length).toBeGreaterThanOrEqual(12);
    expect(responses.length).toBeGreaterThanOrEqual(15);
  });

  it.each(requests.map((e) => [`${e.operationId} "${e.name}"`, e] as const))(
    'reads the XML request example %s as its JSON twin',
    (_name, example) => {
      expect(parseXmlBody(example.xml)).toEqual(example.json);
    },
  );

  it.each(responses.map((e) => [`${e.operationId} ${e.part} "${e.name}"`, e] as const))(
    'writes the JSON answer example %s as its XML twin, byte for byte',
    (_name, example) => {
      expect(toXml(xmlRoot(example.xml), example.json)).toBe(example.xml);
    },
  );

  it("names every operation's XML answer as the spec's examples do", () => {
    const roots = new Map(
      responses.filter((e) => /^2/.test(e.part)).map((e) => [e.operationId, xmlRoot(e.xml)] as const),
    );
    const engine = new LocalTwoFactorEngine();
    for (const [, , route] of apiRoutes(engine)) {
      const root = roots.get(route.operationId);
      if (root) expect([route.operationId, route.xmlRoot]).toEqual([route.operationId, root]);
    }
    void engine.close();
  });
});

/**
 * Every XML request example of the spec, sent as is (ids replaced by real ones)
 * to the emulator, and every answer, in XML and in JSON, validated against the spec.
 */
describe('the emulator answers every XML example of the spec', () => {
  const apiKey = 'xml-contract-key';
  const auth = { Authorization: `App ${apiKey}` };
  let started: StartedEmulator;
  let client: InfobipTwoFactorClient;
  const ids = { appId: '', otherAppId: '', smsId: '', emailId: '', smsPin: '', voicePin: '', emailPin: '' };
  const exercised = new Set<string>();

  beforeAll(async () => {
    started = await startEmulator({ apiKey });
    client = new InfobipTwoFactorClient({ baseUrl: started.url, apiKey, maxReadRetries: 0 });
    const app = await client.createApplication({
      name: 'xml',
      configuration: { sendPinPerPhoneNumberLimit: '100/1d', verifyPinLimit: '100/1s' },
    });
    ids.appId = app.applicationId;
    // The update example sets low send limits: it updates another application.
    ids.otherAppId = (await client.createApplication({ name: 'xml, updated' })).applicationId;
    ids.smsId = (
      await client.createMessageTemplate(ids.appId, { pinType: 'NUMERIC', messageText: 'Code {{pin}}' })
    ).messageId;
    ids.emailId = (await client.createEmailMessageTemplate(ids.appId, { emailTemplateId: 1234 })).messageId;
    const to = '41793026727';
    ids.smsPin = (await client.sendPinOverSms({ applicationId: ids.appId, messageId: ids.smsId, to })).pinId;
    ids.voicePin = (
      await client.sendPinOverVoice({ applicationId: ids.appId, messageId: ids.smsId, to })
    ).pinId;
    ids.emailPin = (
      await client.sendPinOverEmail({
        applicationId: ids.appId,
        messageId: ids.emailId,
        to: 'john.smith@example.com',
      })
    ).pinId;
  });

  afterAll(async () => {
    client.close();
    await started.close();
  });

  /** The operation's path with real ids. */
  function pathOf(operationId: string): string {
    const { path } = operations.find((op) => op.operationId === operationId)!;
    const pinId = operationId.includes('voice')
      ? ids.voicePin
      : operationId.includes('email')
        ? ids.emailPin
        : ids.smsPin;
    const msgId = operationId.includes('email') ? ids.emailId : ids.smsId;
    const appId = operationId === 'update-2fa-application' ? ids.otherAppId : ids.appId;
    return (
      path.replace('{appId}', appId).replace('{msgId}', msgId).replace('{pinId}', pinId) +
      (operationId === 'get-2fa-verification-status' ? '?msisdn=41793026727' : '')
    );
  }

  /** The example (XML, or JSON as text) with the ids it names replaced by real ones. */
  function withIds(operationId: string, example: string): string {
    const messageId = operationId.includes('email') ? ids.emailId : ids.smsId;
    return example
      .replace('<applicationId>1234567</applicationId>', `<applicationId>${ids.appId}</applicationId>`)
      .replace('<messageId>7654321</messageId>', `<messageId>${messageId}</messageId>`)
      .replace('"applicationId":"1234567"', `"applicationId":"${ids.appId}"`)
      .replace('"messageId":"7654321"', `"messageId":"${messageId}"`);
  }

  async function both(operationId: string, xmlBody?: string, jsonBody?: object): Promise<HttpAnswer> {
    const { method } = operations.find((op) => op.operationId === operationId)!;
    const path = pathOf(operationId);
    const xml = await httpCall(started.url, {
      method,
      path,
      headers: {
        ...auth,
        Accept: 'application/xml',
        ...(xmlBody ? { 'Content-Type': 'application/xml' } : {}),
      },
      body: xmlBody,
    });
    const status = successStatus(operationId);
    expect([operationId, xml.status, xml.headers['content-type']]).toEqual([
      operationId,
      status,
      'application/xml;charset=UTF-8',
    ]);
    expect(xml.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(validateResponse(operationId, status, bodyFromXml(operationId, status, xml.text))).toEqual([]);
    const json = await httpCall(started.url, { method, path, headers: auth, body: jsonBody });
    expect(json.status).toBe(status);
    expect(validateResponse(operationId, status, json.json)).toEqual([]);
    exercised.add(operationId);
    return xml;
  }

  it.each(requests.map((e) => [`${e.operationId} "${e.name}"`, e] as const))(
    'answers %s in XML and JSON, both as the spec says',
    async (_name, example) => {
      await both(
        example.operationId,
        withIds(example.operationId, example.xml),
        JSON.parse(withIds(example.operationId, JSON.stringify(example.json))),
      );
    },
  );

  it.each(operations.filter((op) => op.method === 'GET').map((op) => [op.operationId]))(
    'answers %s in XML and JSON, both as the spec says',
    async (operationId) => {
      await both(operationId);
    },
  );

  it('reads an XML answer as the same data as its JSON twin', async () => {
    const path = `/2fa/2/applications/${ids.appId}`;
    const xml = await httpCall(started.url, { path, headers: { ...auth, Accept: 'application/xml' } });
    const json = await httpCall(started.url, { path, headers: auth });
    expect(bodyFromXml('get-2fa-application', 200, xml.text)).toEqual(json.json);
  });

  it('answers errors in XML too: 400 with validation errors, 401, 404, 415', async () => {
    const accept = { Accept: 'application/xml' };
    const invalid = await httpCall(started.url, {
      method: 'POST',
      path: `/2fa/2/pin/${ids.smsPin}/verify`,
      headers: { ...auth, ...accept, 'Content-Type': 'application/xml' },
      body: '<VerifyPinRequest><pin></pin></VerifyPinRequest>',
    });
    expect(invalid.status).toBe(400);
    const error = bodyFromXml('verify-2fa-phone-number', 400, invalid.text) as any;
    expect(validateResponse('verify-2fa-phone-number', 400, error)).toEqual([]);
    expect(error.requestError.serviceException).toMatchObject({
      messageId: 'BAD_REQUEST',
      validationErrors: { pin: [expect.any(String)] },
    });
    const malformed = await httpCall(started.url, {
      method: 'POST',
      path: '/2fa/2/applications',
      headers: { ...auth, ...accept, 'Content-Type': 'application/xml' },
      body: '<ApplicationRequest><name>x</ApplicationRequest>',
    });
    expect(malformed.status).toBe(400);
    expect(xmlRoot(malformed.text)).toBe('ApiException');
    for (const [answer, status, messageId] of [
      [await httpCall(started.url, { path: '/2fa/2/applications', headers: accept }), 401, 'UNAUTHORIZED'],
      [
        await httpCall(started.url, { path: '/2fa/2/applications/NOPE', headers: { ...auth, ...accept } }),
        404,
        'NOT_FOUND',
      ],
      [
        await httpCall(started.url, {
          method: 'POST',
          path: '/2fa/2/applications',
          headers: { ...auth, ...accept, 'Content-Type': 'text/plain' },
          body: 'name=x',
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
    ] as const) {
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toBe('application/xml;charset=UTF-8');
      expect(bodyFromXml('get-2fa-applications', status, answer.text)).toMatchObject({
        requestError: { serviceException: { messageId } },
      });
    }
  });

  it('answers an injected error status in XML to a client that asked for XML', async () => {
    started.emulator.faults.add({
      match: { operation: 'verifyPin' },
      fault: 'status',
      status: 503,
      retryAfterSeconds: 7,
    });
    const res = await httpCall(started.url, {
      method: 'POST',
      path: `/2fa/2/pin/${ids.smsPin}/verify`,
      headers: { ...auth, Accept: 'application/xml', 'Content-Type': 'application/xml' },
      body: '<VerifyPinRequest><pin>1234</pin></VerifyPinRequest>',
    });
    expect([res.status, res.headers['content-type'], res.headers['retry-after']]).toEqual([
      503,
      'application/xml;charset=UTF-8',
      '7',
    ]);
    const error = bodyFromXml('verify-2fa-phone-number', 503, res.text);
    expect(validateResponse('verify-2fa-phone-number', 503, error)).toEqual([]);
    expect(error).toMatchObject({ requestError: { serviceException: { messageId: 'GENERAL_ERROR' } } });
  });

  it('exercised all 18 operations in both formats', () => {
    expect([...exercised].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });
});
