import { inspect } from 'node:util';
import {
  InfobipApiError,
  InfobipTwoFactorClient,
  type InfobipTwoFactorClientOptions,
} from 'nestjs-infobip-2fa';
import { exampleResponse } from '../support/openapi';
import { answer, closedPort, startTestServer, type Handler, type TestServer } from './test-server';

const API_KEY = 'ib-SECRET-5f2c9a7d1e3b4c6a-never-log';
const SEND = { applicationId: 'APP', messageId: 'MSG', to: '41793026727' };

/** The rejection of `promise`, which must be an InfobipApiError. */
async function failure(promise: Promise<unknown>): Promise<InfobipApiError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InfobipApiError);
  return error as InfobipApiError;
}

/** Every way an error is commonly printed, logged or serialised. */
function renderings(error: InfobipApiError): string[] {
  return [
    error.message,
    String(error.stack),
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: null, showHidden: true }),
    inspect(error.cause, { depth: null, showHidden: true }),
    JSON.stringify(error.cause ?? null),
  ];
}

describe('InfobipTwoFactorClient errors', () => {
  let server: TestServer;
  let client: InfobipTwoFactorClient;
  const clients: InfobipTwoFactorClient[] = [];

  function serve(handler: Handler): void {
    server.handler = handler;
  }

  function makeClient(options: Partial<InfobipTwoFactorClientOptions> = {}): InfobipTwoFactorClient {
    const made = new InfobipTwoFactorClient({ baseUrl: server.url, apiKey: API_KEY, ...options });
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    server = await startTestServer((_req, res) => answer(res, 500, ''));
    client = makeClient({ maxReadRetries: 0 });
  });

  beforeEach(() => {
    server.requests.length = 0;
  });

  afterAll(async () => {
    for (const made of clients) made.close();
    await server.close();
  });

  describe('Infobip error envelopes', () => {
    it('maps a 400 with validationErrors from the legacy envelope', async () => {
      const validationErrors = { 'configuration.pinTimeToLive': ['must be a duration'], name: ['is blank'] };
      serve((_req, res) =>
        answer(res, 400, {
          requestError: {
            serviceException: { messageId: 'BAD_REQUEST', text: 'Bad request', validationErrors },
          },
        }),
      );
      const error = await failure(client.createApplication({ name: 'Acme' }));
      expect(error).toMatchObject({
        status: 400,
        messageId: 'BAD_REQUEST',
        text: 'Bad request',
        validationErrors,
      });
      expect(error.operation).toBe('createApplication');
      expect(error.message).toBe(
        'Infobip 2FA API error (createApplication, HTTP 400, BAD_REQUEST): Bad request',
      );
    });

    it.each([401, 403, 404, 500])("maps the specification's own %i example", async (status) => {
      const body = exampleResponse('verify-2fa-phone-number', status) as {
        requestError: { serviceException: { messageId: string; text: string } };
      };
      serve((_req, res) => answer(res, status, body));
      const error = await failure(client.verifyPin('PIN', { pin: '1234' }));
      expect(error).toMatchObject({ status, ...body.requestError.serviceException });
      expect(error.validationErrors).toBeUndefined();
    });

    it('maps a 429 with Retry-After in seconds', async () => {
      serve((_req, res) =>
        answer(res, 429, exampleResponse('get-2fa-applications', 429), { 'Retry-After': '30' }),
      );
      const error = await failure(client.sendPinOverSms(SEND));
      expect(error).toMatchObject({ status: 429, messageId: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 });
      expect(server.requests).toHaveLength(1);
    });

    it('maps the newer envelope: errorCode, description, violations', async () => {
      serve((_req, res) =>
        answer(res, 400, {
          errorCode: 'E400',
          description: 'Request cannot be processed.',
          action: 'Check the syntax, violations and adjust the request.',
          violations: [
            { property: 'to', violation: 'must not be blank' },
            { property: 'to', violation: 'must be a phone number' },
            { violation: 'body is odd' },
          ],
          resources: [{ name: 'API reference', url: 'https://www.infobip.com/docs/api' }],
        }),
      );
      const error = await failure(client.sendPinOverVoice(SEND));
      expect(error).toMatchObject({
        status: 400,
        messageId: 'E400',
        text: 'Request cannot be processed.',
        validationErrors: {
          to: ['must not be blank', 'must be a phone number'],
          '(request)': ['body is odd'],
        },
      });
    });

    it('flattens control characters so an answer cannot forge log lines', async () => {
      serve((_req, res) =>
        answer(res, 400, {
          requestError: { serviceException: { messageId: 'BAD_REQUEST', text: 'a\nFAKE LOG' } },
        }),
      );
      const error = await failure(client.verifyPin('PIN', { pin: '1' }));
      expect(error.text).toBe('a FAKE LOG');
    });
  });

  describe('unreadable answers are INVALID_RESPONSE with the status', () => {
    it.each([
      ['an HTML page', 502, '<html><body>Bad gateway</body></html>', 'text/html', /HTML page/],
      ['an empty body', 500, '', 'application/json', /empty body/],
      ['malformed JSON', 400, '{"requestError":', 'application/json', /not valid JSON/],
      [
        'JSON without an envelope',
        503,
        '{"error":"down"}',
        'application/json',
        /not an Infobip error envelope/,
      ],
      ['a 2xx plain-text body', 200, 'OK', 'text/plain', /not valid JSON/],
      ['a 2xx empty body', 200, '', 'application/json', /empty body/],
      ['a 2xx JSON string', 200, '"ok"', 'application/json', /not a JSON object/],
    ])('%s', async (_name, status, body, type, why) => {
      serve((_req, res) => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(body);
      });
      const error = await failure(client.sendPinOverSms(SEND));
      expect(error).toMatchObject({ status, messageId: 'INVALID_RESPONSE' });
      expect(error.text).toMatch(why);
    });

    it('a verify answer whose "verified" is not a boolean', async () => {
      serve((_req, res) =>
        answer(res, 200, { pinId: 'PIN', msisdn: '41793026727', verified: 'true', attemptsRemaining: 0 }),
      );
      const error = await failure(client.verifyPin('PIN', { pin: '1234' }));
      expect(error).toMatchObject({ status: 200, messageId: 'INVALID_RESPONSE' });
    });

    it('an object where a list is documented', async () => {
      serve((_req, res) => answer(res, 200, { applications: [] }));
      const error = await failure(client.getApplications());
      expect(error).toMatchObject({ status: 200, messageId: 'INVALID_RESPONSE' });
    });

    it('an answer over 1 MiB, which is not read to the end', async () => {
      serve((_req, res) => answer(res, 200, JSON.stringify({ pinId: 'x'.repeat(2 * 1024 * 1024) })));
      const error = await failure(client.sendPinOverSms(SEND));
      expect(error).toMatchObject({ status: 0, messageId: 'INVALID_RESPONSE' });
      expect(error.text).toMatch(/over 1048576 bytes/);
    });

    it('a redirect, which is not followed', async () => {
      serve((_req, res) => answer(res, 302, '', { Location: `${server.url}/elsewhere` }));
      const error = await failure(client.sendPinOverSms(SEND));
      expect(error).toMatchObject({ status: 302, messageId: 'INVALID_RESPONSE' });
      expect(server.requests.map((r) => r.rawPath)).toEqual(['/2fa/2/pin']);
    });
  });

  describe('transport failures (status 0)', () => {
    it('TIMEOUT when the server never answers, without repeating the read', async () => {
      serve(() => undefined);
      const sleeps: number[] = [];
      const slow = makeClient({ timeoutMs: 200, sleep: async (ms) => void sleeps.push(ms) });
      const error = await failure(slow.getApplications());
      expect(error).toMatchObject({ status: 0, messageId: 'TIMEOUT', operation: 'getApplications' });
      expect(error.text).toContain('within 200 ms');
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('NETWORK_ERROR when the connection is refused', async () => {
      const port = await closedPort();
      const refused = makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxReadRetries: 0 });
      const error = await failure(refused.sendPinOverSms(SEND));
      expect(error).toMatchObject({ status: 0, messageId: 'NETWORK_ERROR' });
      expect(error.text).toBe(`could not reach http://127.0.0.1:${port} (ECONNREFUSED)`);
      expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
    });
  });

  describe('the credentials never appear in an error', () => {
    const echo: Handler = (req, res) =>
      answer(res, 401, {
        requestError: {
          serviceException: {
            messageId: `UNAUTHORIZED ${req.headers.authorization}`,
            text: `Invalid credentials: ${req.headers.authorization}`,
            validationErrors: { [String(req.headers.authorization)]: [String(req.headers.authorization)] },
          },
        },
      });

    async function everyKindOfError(made: InfobipTwoFactorClient): Promise<InfobipApiError[]> {
      const errors: InfobipApiError[] = [];
      const collect = async (handler: Handler, call: () => Promise<unknown>) => {
        serve(handler);
        errors.push(await failure(call()));
      };
      await collect(echo, () => made.getApplications());
      await collect(
        (req, res) =>
          answer(res, 403, {
            errorCode: 'E403',
            description: `Forbidden for ${req.headers.authorization}`,
            violations: [
              { property: String(req.headers.authorization), violation: String(req.headers.authorization) },
            ],
          }),
        () => made.sendPinOverSms(SEND),
      );
      await collect(
        (req, res) => answer(res, 502, `<html>${req.headers.authorization}</html>`),
        () => made.verifyPin('P', { pin: '1' }),
      );
      await collect(
        (_req, res) => answer(res, 500, ''),
        () => made.sendPinOverVoice(SEND),
      );
      await collect(
        (req, res) => answer(res, 400, `{"text":"${req.headers.authorization}"`),
        () => made.sendPinOverEmail({ ...SEND, to: 'a@b.example' }),
      );
      await collect(
        () => undefined,
        () => made.resendPinOverSms('P'),
      );
      errors.push(await failure(made.sendPinOverSms({ ...SEND, placeholders: { pin: '1' } })));
      return errors;
    }

    it('with an API key: message, stack, JSON, inspect and cause', async () => {
      const made = makeClient({ timeoutMs: 200, maxReadRetries: 0 });
      const errors = await everyKindOfError(made);
      const port = await closedPort();
      errors.push(
        await failure(
          makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxReadRetries: 0 }).getApplications(),
        ),
      );
      made.close();
      errors.push(await failure(made.getApplications()));
      expect(errors.map((e) => e.messageId)).toEqual([
        'UNAUTHORIZED App [REDACTED]',
        'E403',
        'INVALID_RESPONSE',
        'INVALID_RESPONSE',
        'INVALID_RESPONSE',
        'TIMEOUT',
        'INVALID_REQUEST',
        'NETWORK_ERROR',
        'NETWORK_ERROR',
      ]);
      expect(errors[0].text).toBe('Invalid credentials: App [REDACTED]');
      for (const error of errors) {
        for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
      }
      expect(inspect(made, { depth: null, showHidden: true })).not.toContain(API_KEY);
    });

    it.each([
      [
        'Basic',
        { type: 'Basic' as const, username: 'acme-user', password: 'Pa55-SECRET-word' },
        ['Pa55-SECRET-word', Buffer.from('acme-user:Pa55-SECRET-word').toString('base64')],
      ],
      [
        'IBSSO',
        { type: 'IBSSO' as const, token: 'ibsso-SECRET-token-2d0d49a8' },
        ['ibsso-SECRET-token-2d0d49a8'],
      ],
      [
        'Bearer',
        { type: 'Bearer' as const, token: 'bearer-SECRET-token-9b862bdc' },
        ['bearer-SECRET-token-9b862bdc'],
      ],
    ])('with %s credentials', async (_name, auth, secrets) => {
      const made = makeClient({ apiKey: undefined, auth, timeoutMs: 200, maxReadRetries: 0 });
      const errors = await everyKindOfError(made);
      expect(errors).toHaveLength(7);
      for (const error of errors) {
        for (const text of renderings(error))
          for (const secret of secrets) expect(text).not.toContain(secret);
      }
    });
  });
});
