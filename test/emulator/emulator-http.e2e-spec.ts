import { Agent } from 'node:http';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { ANY_CREDENTIAL, httpCall, type HttpAnswer, type HttpCall } from './http-call';

const PHONE = '41793026727';

function envelope(messageId: string): object {
  return {
    requestError: { serviceException: expect.objectContaining({ messageId, text: expect.any(String) }) },
  };
}

describe('Infobip emulator over HTTP', () => {
  let started: StartedEmulator;
  let agent: Agent;
  const call = (c: HttpCall): Promise<HttpAnswer> =>
    httpCall(started.url, { agent, ...c, headers: { ...ANY_CREDENTIAL, ...c.headers } });

  let applicationId: string;
  let messageId: string;

  beforeAll(async () => {
    started = await startEmulator();
    agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const app = await call({
      method: 'POST',
      path: '/2fa/2/applications',
      body: {
        name: 'http semantics',
        configuration: { verifyPinLimit: '1000/1s', sendPinPerPhoneNumberLimit: '1000/1d' },
      },
    });
    expect(app.status).toBe(201);
    applicationId = app.json.applicationId;
    const template = await call({
      method: 'POST',
      path: `/2fa/2/applications/${applicationId}/messages`,
      body: { pinType: 'NUMERIC', pinLength: 6, messageText: 'Your code is {{pin}}' },
    });
    expect(template.status).toBe(200);
    messageId = template.json.messageId;
  });

  afterAll(async () => {
    agent.destroy();
    await started.close();
  });

  const sendSms = (path = '/2fa/2/pin', to = PHONE): Promise<HttpAnswer> =>
    call({ method: 'POST', path, body: { applicationId, messageId, to } });

  describe('responses', () => {
    it('answers JSON with charset and keeps the connection alive', async () => {
      const res = await call({ path: '/2fa/2/applications' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
      expect(res.headers.connection).toBe('keep-alive');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      expect(res.json).toEqual(expect.arrayContaining([expect.objectContaining({ applicationId })]));
    });
  });

  describe('URL form, as lenient as Infobip', () => {
    it.each([
      ['/2fa/2/pin', true],
      ['/2fa/2/pin/', true],
      ['/2fa/2/pin?ncNeeded=true', true],
      ['/2fa/2/pin/?ncNeeded=FALSE', false],
      ['/2fa/2/pin/?ncNeeded=false&unknown=1', false],
      // The community SDK sends "undefined" when the argument is left out: Infobip's default applies.
      ['/2fa/2/pin/?ncNeeded=undefined', true],
      ['/2fa/2/pin?ncNeeded=', true],
    ])('sends over SMS at %s, with Number Lookup: %s', async (path, lookup) => {
      const res = await sendSms(path);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ pinId: expect.any(String), to: PHONE, smsStatus: 'MESSAGE_SENT' });
      expect('ncStatus' in res.json).toBe(lookup);
    });

    it('ignores a trailing slash and unknown query parameters on GETs', async () => {
      const list = await call({ path: '/2fa/2/applications/?page=2' });
      expect(list.status).toBe(200);
      const one = await call({ path: `/2fa/2/applications/${applicationId}/` });
      expect(one.status).toBe(200);
      expect(one.json.applicationId).toBe(applicationId);
      const status = await call({
        path: `/2fa/2/applications/${applicationId}/verifications/?msisdn=${PHONE}&verified=maybe&x=1`,
      });
      expect(status.status).toBe(200);
      expect(status.json.verifications).toEqual(
        expect.arrayContaining([expect.objectContaining({ msisdn: PHONE })]),
      );
    });

    it('decodes percent-encoded path segments once', async () => {
      const encoded = [...applicationId].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
      const res = await call({ path: `/2fa/2/applications/${encoded}` });
      expect(res.status).toBe(200);
      expect(res.json.applicationId).toBe(applicationId);
      const twice = await call({ path: `/2fa/2/applications/${encodeURIComponent(encoded)}` });
      expect(twice.status).toBe(404);
    });

    it('never lets an encoded slash reach another route', async () => {
      const res = await call({ path: `/2fa/2/applications/${applicationId}%2Fmessages` });
      expect(res.status).toBe(404);
      expect(res.json).toEqual(envelope('NOT_FOUND'));
    });

    it('requires msisdn on the verification status', async () => {
      for (const query of ['', '?msisdn=', '?verified=true']) {
        const res = await call({ path: `/2fa/2/applications/${applicationId}/verifications${query}` });
        expect(res.status).toBe(400);
        expect(res.json).toEqual(envelope('BAD_REQUEST'));
        expect(res.json.requestError.serviceException.validationErrors).toHaveProperty('msisdn');
      }
    });
  });

  describe('unknown paths and methods', () => {
    it.each(['/', '/2fa/2', '/2fa/1/applications', '/2fa/2/applications/A/unknown', '/2fa/2/pin//verify'])(
      'answers 404 in Infobip envelope for %s',
      async (path) => {
        const res = await call({ path });
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
        expect(res.json).toEqual(envelope('NOT_FOUND'));
      },
    );

    it.each([
      ['DELETE', '/2fa/2/applications', 'GET, POST'],
      ['PATCH', '/2fa/2/applications/A1', 'GET, PUT'],
      ['GET', '/2fa/2/pin', 'POST'],
      ['GET', '/2fa/2/pin/P1/verify', 'POST'],
      ['POST', '/2fa/2/applications/A1/verifications', 'GET'],
    ])('answers 405 to %s %s with Allow', async (method, path, allow) => {
      const res = await call({ method, path });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.json).toEqual(envelope('METHOD_NOT_ALLOWED'));
    });
  });

  describe('bodies, strictly', () => {
    const verifyPath = '/2fa/2/pin/UNKNOWN/verify';

    it('answers 400 to malformed JSON', async () => {
      const res = await call({
        method: 'POST',
        path: verifyPath,
        body: '{"pin":',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual(envelope('BAD_REQUEST'));
    });

    it.each(['[]', '"1234"', 'null', '42'])(
      'answers 400 to the JSON value %s where an object is needed',
      async (text) => {
        const res = await call({
          method: 'POST',
          path: '/2fa/2/applications',
          body: text,
          headers: { 'Content-Type': 'application/json' },
        });
        expect(res.status).toBe(400);
        expect(res.json).toEqual(envelope('BAD_REQUEST'));
      },
    );

    it('answers 400 to a missing body where one is needed', async () => {
      const res = await call({ method: 'POST', path: '/2fa/2/applications' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual(envelope('BAD_REQUEST'));
    });

    it('answers 415 to a body that is not JSON', async () => {
      const res = await call({
        method: 'POST',
        path: '/2fa/2/applications',
        body: 'name=x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(415);
      expect(res.json).toEqual(envelope('UNSUPPORTED_MEDIA_TYPE'));
    });

    it('answers 400 with validationErrors when a field is wrong', async () => {
      const res = await call({
        method: 'POST',
        path: '/2fa/2/applications',
        body: { name: 'bad', configuration: { pinTimeToLive: '5 minutes' } },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual(envelope('BAD_REQUEST'));
      const { validationErrors } = res.json.requestError.serviceException;
      expect(Object.keys(validationErrors).join()).toMatch(/pinTimeToLive/);
    });

    it('accepts resends without a body, with an empty object and with placeholders', async () => {
      const { pinId } = (await sendSms()).json;
      for (const body of [undefined, {}, { placeholders: { name: 'Ann' } }]) {
        const res = await call({ method: 'POST', path: `/2fa/2/pin/${pinId}/resend`, body });
        expect(res.status).toBe(200);
        expect(res.json.pinId).toBe(pinId);
      }
    });

    it('answers 413 above 64 KiB, then keeps serving', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
      const res = await httpCall(started.url, {
        method: 'POST',
        path: '/2fa/2/applications',
        body: big,
        headers: { ...ANY_CREDENTIAL, 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe('close');
      expect(res.json).toEqual(envelope('PAYLOAD_TOO_LARGE'));
      expect((await call({ path: '/2fa/2/applications' })).status).toBe(200);
    });

    it('answers 413 to a body announced above the limit', async () => {
      const small = await startEmulator({ bodyLimitBytes: 100 });
      try {
        const ok = await httpCall(small.url, {
          method: 'POST',
          path: '/2fa/2/applications',
          headers: ANY_CREDENTIAL,
          body: { name: 'fits' },
        });
        expect(ok.status).toBe(201);
        const res = await httpCall(small.url, {
          method: 'POST',
          path: '/2fa/2/applications',
          headers: ANY_CREDENTIAL,
          body: { name: 'y'.repeat(200) },
        });
        expect(res.status).toBe(413);
      } finally {
        await small.close();
      }
    });
  });

  describe('limits', () => {
    it('answers 429 TOO_MANY_REQUESTS with Retry-After', async () => {
      const app = await call({
        method: 'POST',
        path: '/2fa/2/applications',
        body: { name: 'limited', configuration: { sendPinPerPhoneNumberLimit: '1/1h' } },
      });
      const template = await call({
        method: 'POST',
        path: `/2fa/2/applications/${app.json.applicationId}/messages`,
        body: { pinType: 'NUMERIC', messageText: '{{pin}}' },
      });
      const body = {
        applicationId: app.json.applicationId,
        messageId: template.json.messageId,
        to: '41790000009',
      };
      expect((await call({ method: 'POST', path: '/2fa/2/pin', body })).status).toBe(200);
      const refused = await call({ method: 'POST', path: '/2fa/2/pin', body });
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual(envelope('TOO_MANY_REQUESTS'));
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    });
  });

  describe('development endpoints', () => {
    it('lists sent messages with their PINs, oldest first, by destination', async () => {
      await call({ method: 'DELETE', path: '/_emulator/messages' });
      const first = (await sendSms('/2fa/2/pin', '41790000001')).json;
      const second = (await sendSms('/2fa/2/pin', '41790000002')).json;
      const all = await call({ path: '/_emulator/messages' });
      expect(all.status).toBe(200);
      expect(all.headers['cache-control']).toBe('no-store');
      expect(all.json.map((m: { pinId: string }) => m.pinId)).toEqual([first.pinId, second.pinId]);
      const mine = await call({ path: '/_emulator/messages?to=41790000002' });
      expect(mine.json).toEqual([
        {
          pinId: second.pinId,
          applicationId,
          messageId,
          to: '41790000002',
          channel: 'sms',
          text: expect.stringMatching(/^Your code is [0-9]{6}$/),
          pin: expect.stringMatching(/^[0-9]{6}$/),
          sentAt: expect.any(String),
        },
      ]);
      expect(mine.json[0].text).toBe(`Your code is ${mine.json[0].pin}`);
      expect(Number.isNaN(Date.parse(mine.json[0].sentAt))).toBe(false);
    });

    it('forgets messages on DELETE', async () => {
      await sendSms();
      const res = await call({ method: 'DELETE', path: '/_emulator/messages' });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await call({ path: '/_emulator/messages' })).json).toEqual([]);
    });

    it('moves the clock so that a PIN expires without waiting', async () => {
      const { pinId } = (await sendSms()).json;
      const before = (await call({ path: '/_emulator/clock' })).json.now;
      const moved = await call({
        method: 'POST',
        path: '/_emulator/clock',
        body: { advanceMs: 16 * 60_000 },
      });
      expect(moved.status).toBe(204);
      expect((await call({ path: '/_emulator/clock' })).json.now).toBeGreaterThanOrEqual(
        before + 16 * 60_000,
      );
      const pin = (await call({ path: `/_emulator/messages?to=${PHONE}` })).json.at(-1).pin;
      const res = await call({ method: 'POST', path: `/2fa/2/pin/${pinId}/verify`, body: { pin } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ pinId, verified: false, pinError: 'TTL_EXPIRED' });
    });

    it.each([{}, { advanceMs: -1 }, { advanceMs: 1.5 }, { advanceMs: '60000' }, { advanceMs: 2 ** 53 }])(
      'refuses to move the clock by %j',
      async (body) => {
        const res = await call({ method: 'POST', path: '/_emulator/clock', body });
        expect(res.status).toBe(400);
        expect(res.json.requestError.serviceException.validationErrors).toHaveProperty('advanceMs');
      },
    );

    it('answers health', async () => {
      const res = await call({ path: '/_emulator/health' });
      expect(res).toMatchObject({ status: 200, json: { status: 'ok' } });
    });
  });
});
