import { connect } from 'node:net';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { ConsoleOutbox } from '../../lib/engine/console.outbox';
import { LocalTwoFactorEngine } from '../../lib/engine/local-two-factor.engine';
import { ANY_CREDENTIAL, httpCall } from './http-call';

const KEY = 'test-key-0123456789';

const basic = (userPassword: string): string => `Basic ${Buffer.from(userPassword).toString('base64')}`;

describe('Infobip emulator without credentials', () => {
  let started: StartedEmulator;

  beforeAll(async () => {
    started = await startEmulator();
  });

  afterAll(() => started.close());

  it.each([
    ['no Authorization', {}],
    ['an empty App value', { Authorization: 'App ' }],
    ['another scheme', { Authorization: 'Digest abc' }],
    ['a bare value', { Authorization: 'abc' }],
  ])('answers 401 UNAUTHORIZED to %s, as Infobip does', async (_what, headers) => {
    for (const path of ['/2fa/2/applications', '/_emulator/messages']) {
      const res = await httpCall(started.url, { path, headers });
      expect(res.status).toBe(401);
      expect(res.json.requestError.serviceException.messageId).toBe('UNAUTHORIZED');
    }
  });

  it.each([['App any'], [basic('anyone:anything')], ['Bearer any'], ['IBSSO any'], ['ibsso any']])(
    'accepts any value of a scheme Infobip documents: %s',
    async (Authorization) => {
      expect(
        (await httpCall(started.url, { path: '/2fa/2/applications', headers: { Authorization } })).status,
      ).toBe(200);
    },
  );
});

describe('Infobip emulator with Basic, Bearer and IBSSO credentials', () => {
  let started: StartedEmulator;

  beforeAll(async () => {
    started = await startEmulator({
      basic: 'Aladdin:open Sesame',
      bearer: 'oauth-access-token',
      ibsso: 'sso-token',
    });
  });

  afterAll(() => started.close());

  it.each([[basic('Aladdin:open Sesame')], ['Bearer oauth-access-token'], ['IBSSO sso-token']])(
    'serves %s',
    async (Authorization) => {
      const res = await httpCall(started.url, { path: '/2fa/2/applications', headers: { Authorization } });
      expect(res.status).toBe(200);
    },
  );

  it.each([
    [basic('Aladdin:open sesame')],
    ['Bearer sso-token'],
    ['IBSSO oauth-access-token'],
    ['App oauth-access-token'],
    ['Bearer oauth-access-token-2'],
  ])('answers 401 to %s', async (Authorization) => {
    const res = await httpCall(started.url, { path: '/2fa/2/applications', headers: { Authorization } });
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/oauth|sso-token|Aladdin/);
  });
});

describe('Infobip emulator with an API key', () => {
  let started: StartedEmulator;
  const lines: string[] = [];

  beforeAll(async () => {
    started = await startEmulator({ apiKey: KEY, log: (line) => lines.push(line) });
  });

  afterAll(() => started.close());

  it.each([
    ['no Authorization', {}],
    ['another scheme', { Authorization: `Bearer ${KEY}` }],
    ['Basic with the key', { Authorization: `Basic ${Buffer.from(`${KEY}:x`).toString('base64')}` }],
    ['a wrong key', { Authorization: 'App wrong-key' }],
    ['a longer key', { Authorization: `App ${KEY}0` }],
    ['the bare key', { Authorization: KEY }],
  ])('answers 401 UNAUTHORIZED to %s', async (_what, headers) => {
    for (const path of ['/2fa/2/applications', '/_emulator/messages', '/2fa/2/nowhere']) {
      const res = await httpCall(started.url, { path, headers });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        requestError: { serviceException: { messageId: 'UNAUTHORIZED', text: 'Unauthorized' } },
      });
    }
  });

  it('serves requests with the right key', async () => {
    const headers = { Authorization: `App ${KEY}` };
    const created = await httpCall(started.url, {
      method: 'POST',
      path: '/2fa/2/applications',
      headers,
      body: { name: 'keyed' },
    });
    expect(created.status).toBe(201);
    expect((await httpCall(started.url, { path: '/_emulator/messages', headers })).status).toBe(200);
  });

  it('logs one line per request without query, key or body', async () => {
    lines.length = 0;
    const headers = { Authorization: `App ${KEY}` };
    await httpCall(started.url, { path: '/_emulator/messages?to=41793026727', headers });
    await httpCall(started.url, {
      method: 'POST',
      path: '/2fa/2/pin/P1/verify',
      headers,
      body: { pin: '918273' },
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/_emulator\/messages 200 [0-9.]+ms$/);
    expect(lines[1]).toMatch(/^POST \/2fa\/2\/pin\/P1\/verify 404 [0-9.]+ms$/);
    expect(lines.join('\n')).not.toMatch(/41793026727|918273|test-key/);
  });
});

describe('Infobip emulator failures', () => {
  let started: StartedEmulator;

  beforeAll(async () => {
    started = await startEmulator();
  });

  afterAll(() => started.close());

  it('answers 500 GENERAL_ERROR without the message or stack of an unexpected error', async () => {
    jest
      .spyOn(started.emulator.engine, 'getApplications')
      .mockRejectedValueOnce(new Error('store exploded near +41793026727'));
    const res = await httpCall(started.url, { path: '/2fa/2/applications', headers: ANY_CREDENTIAL });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      requestError: {
        serviceException: {
          messageId: 'GENERAL_ERROR',
          text: 'Something went wrong. Please contact support.',
        },
      },
    });
    expect(res.text).not.toMatch(/exploded|41793026727|at /);
    expect(
      (await httpCall(started.url, { path: '/2fa/2/applications', headers: ANY_CREDENTIAL })).status,
    ).toBe(200);
  });

  it('stops reading a body announced far above the limit, answers 413 and closes', async () => {
    const { port } = new URL(started.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /2fa/2/applications HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
            'Authorization: App any-key\r\n' +
            'Content-Length: 50000000\r\n\r\n{"name":"',
        );
      });
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer).toContain('"messageId":"PAYLOAD_TOO_LARGE"');
  });
});

describe('Infobip emulator on an engine given by the caller', () => {
  it('serves it, and answers 501 on the messages endpoints when its outbox keeps nothing', async () => {
    const engine = new LocalTwoFactorEngine({ outbox: new ConsoleOutbox({ log: () => undefined }) });
    const started = await startEmulator({ engine });
    try {
      expect(started.emulator.engine).toBe(engine);
      for (const method of ['GET', 'DELETE']) {
        const res = await httpCall(started.url, {
          method,
          path: '/_emulator/messages',
          headers: ANY_CREDENTIAL,
        });
        expect(res.status).toBe(501);
        expect(res.json.requestError.serviceException.messageId).toBe('NOT_IMPLEMENTED');
      }
      const moved = await httpCall(started.url, {
        method: 'POST',
        path: '/_emulator/clock',
        headers: ANY_CREDENTIAL,
        body: { advanceMs: 1000 },
      });
      expect(moved.status).toBe(204);
    } finally {
      await started.close();
      await engine.close();
    }
  });
});
