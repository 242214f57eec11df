import { AuthType, Infobip } from '@infobip-api/sdk';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { InfobipApiError } from '../../lib/infobip/infobip-api.error';
import { InfobipTwoFactorClient } from '../../lib/infobip/infobip-two-factor.client';
import { DevEndpoints } from './dev-endpoints';
import { ANY_CREDENTIAL, httpCall } from './http-call';

const CREDENTIALS = {
  apiKey: 'emulator-app-key',
  basic: 'emulator-user:emulator password',
  bearer: 'emulator-oauth-token',
  ibsso: 'emulator-sso-token',
};

describe('Infobip clients on every documented credential, unchanged', () => {
  let started: StartedEmulator;

  beforeAll(async () => {
    started = await startEmulator(CREDENTIALS);
  });

  afterAll(() => started.close());

  it.each([
    ['App', { type: 'App' as const, apiKey: CREDENTIALS.apiKey }],
    ['Basic', { type: 'Basic' as const, username: 'emulator-user', password: 'emulator password' }],
    ['Bearer', { type: 'Bearer' as const, token: CREDENTIALS.bearer }],
    ['IBSSO', { type: 'IBSSO' as const, token: CREDENTIALS.ibsso }],
  ])("the project's client with %s creates and lists applications", async (_scheme, auth) => {
    const client = new InfobipTwoFactorClient({ baseUrl: started.url, auth, maxReadRetries: 0 });
    try {
      const app = await client.createApplication({ name: `auth ${auth.type}` });
      expect((await client.getApplications()).map((a) => a.applicationId)).toContain(app.applicationId);
    } finally {
      client.close();
    }
  });

  it.each([
    ['Basic', { authType: AuthType.Basic, username: 'emulator-user', password: 'emulator password' }],
    ['OAuth', { authType: AuthType.OAuth, oauthToken: CREDENTIALS.bearer }],
    ['IBSSO', { authType: AuthType.IBSSO, ibssoToken: CREDENTIALS.ibsso }],
  ])('the community SDK with %s works', async (_scheme, options) => {
    const twoFA = new Infobip({ baseUrl: started.url, ...options } as never).service.twoFA;
    const answer = await twoFA.getApplications();
    expect(answer.status).toBe(200);
  });

  it('refuses a client with the right secret under another scheme, as Infobip would', async () => {
    const client = new InfobipTwoFactorClient({
      baseUrl: started.url,
      auth: { type: 'Bearer', token: CREDENTIALS.ibsso },
      maxReadRetries: 0,
    });
    try {
      await expect(client.getApplications()).rejects.toMatchObject({
        status: 401,
        messageId: 'UNAUTHORIZED',
      });
    } finally {
      client.close();
    }
  });
});

describe('Infobip emulator with account limits', () => {
  let started: StartedEmulator;
  let dev: DevEndpoints;

  beforeAll(async () => {
    started = await startEmulator({ accountLimits: true, apiKey: 'limits-key' });
    dev = new DevEndpoints(started.url, 'limits-key');
  });

  afterAll(() => started.close());

  const create = (name: string) =>
    httpCall(started.url, {
      method: 'POST',
      path: '/2fa/2/applications',
      headers: { Authorization: 'App limits-key' },
      body: { name },
    });

  it('answers the 21st application create in 10 minutes 429 with Retry-After, moved by the clock', async () => {
    for (let i = 1; i <= 19; i++) expect((await create(`app ${i}`)).status).toBe(201);
    // A request the operation refuses counts too: Infobip throttles requests, not successes.
    expect((await create('')).status).toBe(400);
    await dev.advance(4 * 60_000);
    const refused = await create('app 21');
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      requestError: { serviceException: { messageId: 'TOO_MANY_REQUESTS', text: 'Too many requests' } },
    });
    expect(refused.headers['retry-after']).toBe('360');
    // Refused creates created nothing.
    const listed = await httpCall(started.url, {
      path: '/2fa/2/applications',
      headers: { Authorization: 'App limits-key' },
    });
    expect(listed.json).toHaveLength(19);
    await dev.advance(360_000);
    expect((await create('app 21, later')).status).toBe(201);
  });

  it('is off by default: 22 creates in a row all succeed', async () => {
    const plain = await startEmulator();
    try {
      for (let i = 0; i < 22; i++) {
        const res = await httpCall(plain.url, {
          method: 'POST',
          path: '/2fa/2/applications',
          headers: ANY_CREDENTIAL,
          body: { name: `n${i}` },
        });
        expect(res.status).toBe(201);
      }
    } finally {
      await plain.close();
    }
  });
});

describe('int64 emailTemplateId through the emulator', () => {
  let started: StartedEmulator;
  let client: InfobipTwoFactorClient;

  beforeAll(async () => {
    started = await startEmulator({ apiKey: 'int64-key' });
    client = new InfobipTwoFactorClient({ baseUrl: started.url, apiKey: 'int64-key', maxReadRetries: 0 });
  });

  afterAll(async () => {
    client.close();
    await started.close();
  });

  it('keeps 9007199254740993 exact in JSON, in XML and through the client', async () => {
    const { applicationId } = await client.createApplication({ name: 'int64' });
    const headers = { Authorization: 'App int64-key', 'Content-Type': 'application/json' };
    const created = await httpCall(started.url, {
      method: 'POST',
      path: `/2fa/2/applications/${applicationId}/email/messages`,
      headers,
      body: '{"emailTemplateId": 9007199254740993, "from": "a@example.com"}',
    });
    expect(created.status).toBe(200);
    expect(created.text).toContain('"emailTemplateId":9007199254740993');
    const { messageId } = created.json;
    const xml = await httpCall(started.url, {
      path: `/2fa/2/applications/${applicationId}/messages/${messageId}`,
      headers: { ...headers, Accept: 'application/xml' },
    });
    expect(xml.text).toContain('<emailTemplateId>9007199254740993</emailTemplateId>');
    expect((await client.getMessageTemplate(applicationId, messageId)).emailTemplateId).toBe(
      9007199254740993n,
    );
    const updated = await client.updateEmailMessageTemplate(applicationId, messageId, {
      emailTemplateId: 9223372036854775807n,
    });
    expect(updated.emailTemplateId).toBe(9223372036854775807n);
  });

  it('refuses what int64 cannot hold', async () => {
    const { applicationId } = await client.createApplication({ name: 'int64 bounds' });
    const res = await httpCall(started.url, {
      method: 'POST',
      path: `/2fa/2/applications/${applicationId}/email/messages`,
      headers: { Authorization: 'App int64-key', 'Content-Type': 'application/json' },
      body: '{"emailTemplateId": 9223372036854775808}',
    });
    expect(res.status).toBe(400);
    expect(res.json.requestError.serviceException.validationErrors).toHaveProperty('emailTemplateId');
    await expect(
      client.createEmailMessageTemplate(applicationId, { emailTemplateId: 2n ** 63n }),
    ).rejects.toBeInstanceOf(InfobipApiError);
  });
});
