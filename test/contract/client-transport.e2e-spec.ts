import { once } from 'node:events';
import type { Socket } from 'node:net';
import {
  InfobipApiError,
  InfobipTwoFactorClient,
  type InfobipTwoFactorClientOptions,
} from 'nestjs-infobip-2fa';
import { exampleResponse, findOperation, validateRequest } from '../support/openapi';
import { answer, closedPort, startTestServer, type Handler, type TestServer } from './test-server';

const API_KEY = 'transport-test-key-8f4b3d9a';
const SEND = { applicationId: 'APP', messageId: 'MSG', to: '41793026727' };
const APPS = exampleResponse('get-2fa-applications');
const UNAVAILABLE = {
  requestError: { serviceException: { messageId: 'GENERAL_ERROR', text: 'Unavailable' } },
};

async function failure(promise: Promise<unknown>): Promise<InfobipApiError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InfobipApiError);
  return error as InfobipApiError;
}

/** Answers each request with the next entry; the last one repeats. */
function sequence(...steps: [number, unknown, Record<string, string>?][]): Handler {
  let i = 0;
  return (_req, res) => {
    const [status, body, headers] = steps[Math.min(i++, steps.length - 1)];
    answer(res, status, body, headers);
  };
}

describe('InfobipTwoFactorClient transport', () => {
  let server: TestServer;
  const clients: InfobipTwoFactorClient[] = [];
  let sleeps: number[];

  function makeClient(options: Partial<InfobipTwoFactorClientOptions> = {}): InfobipTwoFactorClient {
    const made = new InfobipTwoFactorClient({
      baseUrl: server.url,
      apiKey: API_KEY,
      sleep: async (ms) => void sleeps.push(ms),
      ...options,
    });
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    server = await startTestServer((_req, res) => answer(res, 200, APPS));
  });

  beforeEach(() => {
    server.requests.length = 0;
    sleeps = [];
    server.handler = (_req, res) => answer(res, 200, APPS);
  });

  afterAll(async () => {
    for (const made of clients) made.close();
    await server.close();
  });

  describe('reads are repeated on transient failures, with back-off and Retry-After', () => {
    it('GET 503 then 200 succeeds on the second attempt', async () => {
      server.handler = sequence([503, UNAVAILABLE], [200, APPS]);
      await expect(makeClient().getApplications()).resolves.toEqual(APPS);
      expect(server.requests).toHaveLength(2);
      expect(sleeps).toEqual([200]);
    });

    it('gives up after maxReadRetries, doubling the delay', async () => {
      server.handler = sequence([503, UNAVAILABLE]);
      const error = await failure(makeClient().getApplication('APP'));
      expect(error).toMatchObject({ status: 503, text: 'Unavailable' });
      expect(server.requests).toHaveLength(3);
      expect(sleeps).toEqual([200, 400]);
    });

    it('waits as Retry-After asks on 429', async () => {
      server.handler = sequence(
        [429, exampleResponse('get-2fa-applications', 429), { 'Retry-After': '2' }],
        [200, APPS],
      );
      await expect(makeClient().getApplications()).resolves.toEqual(APPS);
      expect(sleeps).toEqual([2000]);
    });

    it('does not repeat when Retry-After asks for longer than maxRetryDelayMs', async () => {
      server.handler = sequence([429, exampleResponse('get-2fa-applications', 429), { 'Retry-After': '60' }]);
      const error = await failure(makeClient().getApplications());
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: 60 });
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('repeats a read answered by an HTML error page from a gateway', async () => {
      server.handler = sequence([502, '<html>Bad gateway</html>'], [200, APPS]);
      await expect(makeClient().getApplications()).resolves.toEqual(APPS);
      expect(sleeps).toEqual([200]);
    });

    it('repeats a read after a refused connection', async () => {
      const port = await closedPort();
      const error = await failure(makeClient({ baseUrl: `http://127.0.0.1:${port}` }).getApplications());
      expect(error.messageId).toBe('NETWORK_ERROR');
      expect(sleeps).toEqual([200, 400]);
    });

    it('does not repeat 4xx answers, nor when maxReadRetries is 0', async () => {
      server.handler = sequence([404, exampleResponse('get-2fa-application', 404)]);
      await failure(makeClient().getApplication('APP'));
      server.handler = sequence([503, UNAVAILABLE]);
      await failure(makeClient({ maxReadRetries: 0 }).getApplications());
      expect(server.requests).toHaveLength(2);
      expect(sleeps).toEqual([]);
    });

    it.each([
      ['sendPinOverSms', (c: InfobipTwoFactorClient) => c.sendPinOverSms(SEND)],
      ['resendPinOverSms', (c: InfobipTwoFactorClient) => c.resendPinOverSms('PIN')],
      ['verifyPin', (c: InfobipTwoFactorClient) => c.verifyPin('PIN', { pin: '1234' })],
      ['updateApplication', (c: InfobipTwoFactorClient) => c.updateApplication('APP', { name: 'Acme' })],
    ])('never repeats %s: the server sees exactly one request', async (_name, call) => {
      server.handler = sequence([503, UNAVAILABLE], [200, exampleResponse('send-2fa-pin-code-over-sms')]);
      const error = await failure(call(makeClient()));
      expect(error.status).toBe(503);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('never repeats a send after a refused connection', async () => {
      const port = await closedPort();
      await failure(makeClient({ baseUrl: `http://127.0.0.1:${port}` }).sendPinOverSms(SEND));
      expect(sleeps).toEqual([]);
    });
  });

  describe('requests', () => {
    it.each([
      [{ apiKey: 'k-123' }, 'App k-123'],
      [{ auth: { type: 'App' as const, apiKey: 'k-456' } }, 'App k-456'],
      [
        { auth: { type: 'Basic' as const, username: 'Aladdin', password: 'openSesame' } },
        'Basic QWxhZGRpbjpvcGVuU2VzYW1l',
      ],
      [{ auth: { type: 'IBSSO' as const, token: '2f9b4d31-2d0d-49a8' } }, 'IBSSO 2f9b4d31-2d0d-49a8'],
      [{ auth: { type: 'Bearer' as const, token: 'access-token' } }, 'Bearer access-token'],
    ])('sends the Authorization header of %j', async (credentials, header) => {
      await makeClient({ apiKey: undefined, ...credentials }).getApplications();
      const [req] = server.requests;
      expect(req.headers.authorization).toBe(header);
      const { errors } = validateRequest({
        method: req.method,
        path: req.rawPath,
        query: req.query,
        headers: req.headers,
        body: req.body,
      });
      expect(errors).toEqual([]);
    });

    it('normalises the base URL: trailing slashes removed, a path prefix kept', async () => {
      const made = makeClient({ baseUrl: `${server.url}/proxy//` });
      expect(made.baseUrl).toBe(`${server.url}/proxy`);
      await made.getApplications();
      expect(server.requests[0].rawPath).toBe('/proxy/2fa/2/applications');
    });

    it('refuses plain http to anything but the local machine', () => {
      expect(() => new InfobipTwoFactorClient({ baseUrl: 'http://api.infobip.com', apiKey: 'k' })).toThrow(
        /must use https:\/\/.*allowed only for localhost, 127\.0\.0\.1 and \[::1\]/,
      );
      expect(new InfobipTwoFactorClient({ baseUrl: 'xyz.api.infobip.com/', apiKey: 'k' }).baseUrl).toBe(
        'https://xyz.api.infobip.com',
      );
    });

    it.each([
      [{ timeoutMs: 0 }, /timeoutMs must be a positive number/],
      [{ maxReadRetries: -1 }, /maxReadRetries must be a whole number/],
      [{ retryDelayMs: 1.5 }, /retryDelayMs must be a whole number/],
      [{ sleep: 'no' as never }, /sleep must be a function/],
      [{ apiKey: undefined }, /credentials are missing/],
    ])('refuses unusable options %j at construction', (options, message) => {
      expect(() => new InfobipTwoFactorClient({ baseUrl: server.url, apiKey: 'k', ...options })).toThrow(
        message,
      );
    });

    it('keeps an id inside its path segment: "../applications" cannot reach another endpoint', async () => {
      server.handler = (_req, res) => answer(res, 200, exampleResponse('verify-2fa-phone-number'));
      const made = makeClient();
      await made.verifyPin('../applications', { pin: '1234' });
      await made.getMessageTemplate('a/b?c', 'd#e f');
      expect(server.requests.map((r) => r.rawPath)).toEqual([
        '/2fa/2/pin/..%2Fapplications/verify',
        '/2fa/2/applications/a%2Fb%3Fc/messages/d%23e%20f',
      ]);
      expect(server.requests[1].query).toEqual({});
      expect(findOperation('POST', server.requests[0].rawPath)).toEqual({
        operationId: 'verify-2fa-phone-number',
        pathParams: { pinId: '../applications' },
      });
      expect(findOperation('GET', server.requests[1].rawPath)?.pathParams).toEqual({
        appId: 'a/b?c',
        msgId: 'd#e f',
      });
    });

    it.each(['..', '.', ''])('refuses the id %j before sending anything', async (id) => {
      await expect(makeClient().resendPinOverSms(id)).rejects.toThrow(TypeError);
      await expect(makeClient().getApplication(id)).rejects.toThrow(/appId must/);
      expect(server.requests).toHaveLength(0);
    });

    it('checks bodies before sending anything', async () => {
      const error = await failure(
        makeClient().createMessageTemplate('APP', {
          pinType: 'NUMERIC',
          messageText: 'Your code',
          speechRate: 3,
        }),
      );
      expect(error).toMatchObject({
        status: 0,
        messageId: 'INVALID_REQUEST',
        validationErrors: {
          messageText: ['must contain the {{pin}} placeholder'],
          speechRate: ['must be a number from 0.5 to 2'],
        },
      });
      expect(error.message).toMatch(
        /^Infobip 2FA API error \(createMessageTemplate, no HTTP answer, INVALID_REQUEST\)/,
      );
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('connections', () => {
    it('reuses one keep-alive connection, and close() releases it', async () => {
      const sockets: Socket[] = [];
      const onConnection = (socket: Socket) => sockets.push(socket);
      server.server.on('connection', onConnection);
      try {
        const made = makeClient();
        await made.getApplications();
        await made.getApplications();
        expect(sockets).toHaveLength(1);
        expect(server.requests[0].remotePort).toBe(server.requests[1].remotePort);
        const closed = once(sockets[0], 'close');
        made.close();
        await closed;
        const error = await failure(made.getApplications());
        expect(error).toMatchObject({ status: 0, messageId: 'NETWORK_ERROR', text: 'the client was closed' });
        expect(server.requests).toHaveLength(2);
      } finally {
        server.server.off('connection', onConnection);
      }
    });
  });
});
