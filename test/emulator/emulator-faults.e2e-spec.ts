import { request as httpRequest } from 'node:http';
import {
  startEmulator,
  type EmulatorFaultRule,
  type InfobipEmulator,
  type StartedEmulator,
} from '../../lib/emulator';
import { apiRoutes } from '../../lib/emulator/api.routes';
import { InMemoryOutbox } from '../../lib/engine';
import {
  InfobipApiError,
  InfobipTwoFactorClient,
  TWO_FACTOR_OPERATIONS,
  type TwoFactorApi,
} from '../../lib/infobip';
import { ANY_CREDENTIAL, httpCall, type HttpAnswer, type HttpCall } from './http-call';

const KEY = 'fault-key-0123456789';

/** The rejection of `promise`, which must be an `InfobipApiError`. */
async function failure(promise: Promise<unknown>): Promise<InfobipApiError> {
  const outcome = await promise.then(
    () => new Error('expected a rejection, got an answer'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(InfobipApiError);
  return outcome as InfobipApiError;
}

describe('Infobip emulator fault injection', () => {
  let started: StartedEmulator;
  let emulator: InfobipEmulator;
  let client: InfobipTwoFactorClient;
  let impatient: InfobipTwoFactorClient;
  let applicationId: string;
  let messageId: string;
  let nextPhone = 41790001000;
  let phone: string;

  const outbox = (): InMemoryOutbox => emulator.engine.outbox as InMemoryOutbox;
  const call = (c: HttpCall): Promise<HttpAnswer> =>
    httpCall(started.url, { ...c, headers: { ...ANY_CREDENTIAL, ...c.headers } });
  const addFault = (rule: object): Promise<HttpAnswer> =>
    call({ method: 'POST', path: '/_emulator/faults', body: rule });
  const listFaults = async (): Promise<unknown[]> => (await call({ path: '/_emulator/faults' })).json;
  const send = (to = phone) => client.sendPinOverSms({ applicationId, messageId, to });
  const pinOf = (to = phone): string => outbox().latest(to)!.pin;

  beforeAll(async () => {
    started = await startEmulator();
    emulator = started.emulator;
    client = new InfobipTwoFactorClient({ baseUrl: started.url, apiKey: 'any', maxReadRetries: 0 });
    // Shorter than every delay below: those requests are abandoned by the client.
    impatient = new InfobipTwoFactorClient({ baseUrl: started.url, apiKey: 'any', timeoutMs: 200 });
    const app = await client.createApplication({
      name: 'faults',
      configuration: { pinAttempts: 100, verifyPinLimit: '1000/1s', sendPinPerPhoneNumberLimit: '1000/1d' },
    });
    applicationId = app.applicationId;
    const template = await client.createMessageTemplate(applicationId, {
      pinType: 'NUMERIC',
      pinLength: 6,
      messageText: 'Your code is {{pin}}',
    });
    messageId = template.messageId;
  });

  beforeEach(() => {
    phone = String(nextPhone++);
  });

  afterEach(() => emulator.faults.clear());

  afterAll(async () => {
    client.close();
    impatient.close();
    await started.close();
  });

  describe('managing rules over /_emulator/faults', () => {
    it('adds a rule with its defaults, lists it and clears all', async () => {
      const added = await addFault({ fault: 'html' });
      expect(added.status).toBe(201);
      expect(added.headers['cache-control']).toBe('no-store');
      expect(added.json).toEqual({ match: {}, times: 1, fault: 'html', status: 502, after: false });
      await addFault({
        match: { method: 'post', operation: 'verifyPin' },
        times: 3,
        fault: 'verified_string',
      });
      expect(await listFaults()).toEqual([
        added.json,
        {
          match: { method: 'POST', operation: 'verifyPin' },
          times: 3,
          fault: 'verified_string',
          after: true,
        },
      ]);
      const cleared = await call({ method: 'DELETE', path: '/_emulator/faults' });
      expect(cleared.status).toBe(204);
      expect(cleared.text).toBe('');
      expect(await listFaults()).toEqual([]);
    });

    it.each<[string, unknown, string]>([
      ['an unknown fault kind', { fault: 'timeout' }, 'fault'],
      ['a missing fault kind', { status: 503 }, 'fault'],
      ['a status fault without status', { fault: 'status' }, 'status'],
      ['a success status for a status fault', { fault: 'status', status: 200 }, 'status'],
      ['a status that is not a number', { fault: 'status', status: '503' }, 'status'],
      ['a status above 599', { fault: 'status', status: 600 }, 'status'],
      ['a bodiless status for html', { fault: 'html', status: 304 }, 'status'],
      ['a status on a reset', { fault: 'reset', status: 500 }, 'status'],
      ['times 0', { fault: 'reset', times: 0 }, 'times'],
      ['fractional times', { fault: 'reset', times: 1.5 }, 'times'],
      ['a delay without delayMs', { fault: 'delay' }, 'delayMs'],
      ['a zero delay', { fault: 'delay', delayMs: 0 }, 'delayMs'],
      ['a delay of more than ten minutes', { fault: 'delay', delayMs: 600_001 }, 'delayMs'],
      ['delayMs on another fault', { fault: 'html', delayMs: 10 }, 'delayMs'],
      [
        'a negative Retry-After',
        { fault: 'status', status: 429, retryAfterSeconds: -1 },
        'retryAfterSeconds',
      ],
      ['Retry-After on a reset', { fault: 'reset', retryAfterSeconds: 1 }, 'retryAfterSeconds'],
      ['a messageId on html', { fault: 'html', messageId: 'X' }, 'messageId'],
      ['a text with a line break', { fault: 'status', status: 500, text: 'a\nb' }, 'text'],
      ['an unknown field', { fault: 'reset', delay: 10 }, 'delay'],
      ['after that is not a boolean', { fault: 'reset', after: 'yes' }, 'after'],
      ['after false on an answer-changing fault', { fault: 'verified_string', after: false }, 'after'],
      ['a match that is not an object', { fault: 'reset', match: 'verifyPin' }, 'match'],
      ['an unknown match field', { fault: 'reset', match: { url: '/2fa/2/pin' } }, 'match.url'],
      ['a method the API has not', { fault: 'reset', match: { method: 'PATCH' } }, 'match.method'],
      ['a relative path', { fault: 'reset', match: { path: '2fa/2/pin' } }, 'match.path'],
      ['a path with a query', { fault: 'reset', match: { path: '/2fa/2/pin?x=1' } }, 'match.path'],
      ['a partial wildcard', { fault: 'reset', match: { path: '/2fa/2/pin/*x' } }, 'match.path'],
      ['an empty segment', { fault: 'reset', match: { path: '/2fa//pin' } }, 'match.path'],
      ['an unknown operation', { fault: 'reset', match: { operation: 'sendPin' } }, 'match.operation'],
      [
        'verified_string on an operation without verified',
        { fault: 'verified_string', match: { operation: 'sendPinOverSms' } },
        'match.operation',
      ],
    ])('refuses %s with 400 and validation errors', async (_what, rule, field) => {
      const res = await addFault(rule as object);
      expect(res.status).toBe(400);
      expect(res.json.requestError.serviceException).toMatchObject({
        messageId: 'BAD_REQUEST',
        text: 'Invalid fault rule',
        validationErrors: { [field]: [expect.any(String)] },
      });
      expect(await listFaults()).toEqual([]);
    });

    it('refuses bodies that are not a JSON object', async () => {
      for (const body of ['[]', '"reset"', '']) {
        const res = await call({
          method: 'POST',
          path: '/_emulator/faults',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        expect(res.status).toBe(400);
        expect(res.json.requestError.serviceException.messageId).toBe('BAD_REQUEST');
      }
      expect(await listFaults()).toEqual([]);
    });

    it('never applies rules to the development endpoints', async () => {
      await addFault({ fault: 'status', status: 500 });
      expect((await call({ path: '/_emulator/messages' })).status).toBe(200);
      expect((await call({ path: '/_emulator/health' })).status).toBe(200);
      expect(await listFaults()).toEqual([expect.objectContaining({ times: 1 })]);
      expect((await failure(client.getApplications())).status).toBe(500);
      expect(await listFaults()).toEqual([]);
    });
  });

  describe('managing rules in process', () => {
    it('adds, lists and clears rules through emulator.faults', () => {
      const added = emulator.faults.add({ match: { path: '/2fa/2/pin/*/verify' }, fault: 'reset', times: 2 });
      expect(added).toEqual({
        match: { path: '/2fa/2/pin/*/verify' },
        times: 2,
        fault: 'reset',
        after: false,
      });
      const listed = emulator.faults.list();
      listed[0].times = 99;
      listed[0].match.path = '/elsewhere';
      expect(emulator.faults.list()).toEqual([added]);
      emulator.faults.clear();
      expect(emulator.faults.list()).toEqual([]);
    });

    it('throws a TypeError naming the unusable fields', () => {
      expect(() => emulator.faults.add({ fault: 'status', status: 99 })).toThrow(TypeError);
      expect(() => emulator.faults.add({ fault: 'nope' } as unknown as EmulatorFaultRule)).toThrow(/fault/);
      expect(() => emulator.faults.add({ fault: 'delay', delayMs: -1, times: 0 })).toThrow(
        /delayMs.*times|times.*delayMs/,
      );
      expect(emulator.faults.list()).toEqual([]);
    });

    it('knows the TwoFactorApi method behind every API route', () => {
      const called: string[] = [];
      const recorder = new Proxy({} as TwoFactorApi, {
        get: (_target, name) => () => called.push(String(name)),
      });
      const routes = apiRoutes(recorder);
      for (const [, , route] of routes) {
        called.length = 0;
        route.handle({ params: ['A1', 'M1'], query: new URLSearchParams(), body: {} });
        expect(called).toEqual([route.operation]);
      }
      expect(routes.map(([, , route]) => route.operation).sort()).toEqual([...TWO_FACTOR_OPERATIONS].sort());
    });
  });

  describe('the client fails closed on every fault', () => {
    it('status: Infobip envelope for the status; the engine is not called', async () => {
      await addFault({ match: { operation: 'sendPinOverSms' }, fault: 'status', status: 503 });
      const error = await failure(send());
      expect(error).toMatchObject({ status: 503, messageId: 'GENERAL_ERROR', operation: 'sendPinOverSms' });
      expect(outbox().list(phone)).toEqual([]);
      await expect(send()).resolves.toMatchObject({ to: phone });
    });

    it('status 429 with Retry-After, and the PIN attempt is not spent', async () => {
      const { pinId } = await send();
      await addFault({ fault: 'status', status: 429, retryAfterSeconds: 7 });
      const error = await failure(client.verifyPin(pinId, { pin: pinOf() }));
      expect(error).toMatchObject({ status: 429, messageId: 'TOO_MANY_REQUESTS', retryAfterSeconds: 7 });
      await expect(client.verifyPin(pinId, { pin: pinOf() })).resolves.toMatchObject({
        verified: true,
        attemptsRemaining: 100,
      });
    });

    it('status with the messageId and text given', async () => {
      await addFault({
        fault: 'status',
        status: 401,
        messageId: 'UNAUTHORIZED',
        text: 'Invalid login details',
      });
      const error = await failure(client.getApplications());
      expect(error).toMatchObject({ status: 401, messageId: 'UNAUTHORIZED', text: 'Invalid login details' });
    });

    it.each<[string, EmulatorFaultRule, number, RegExp]>([
      ['an HTML error page', { fault: 'html' }, 502, /HTML/],
      ['an HTML page with 200', { fault: 'html', status: 200 }, 200, /HTML/],
      ['cut-off JSON with 200', { fault: 'malformed_json' }, 200, /not valid JSON/],
      ['cut-off JSON with 500', { fault: 'malformed_json', status: 500 }, 500, /not valid JSON/],
      ['an empty 200', { fault: 'empty_body' }, 200, /empty body/],
      ['an empty 503', { fault: 'empty_body', status: 503 }, 503, /empty body/],
    ])('%s: INVALID_RESPONSE, nothing sent', async (_what, rule, status, why) => {
      await addFault({ match: { operation: 'sendPinOverSms' }, ...rule });
      const error = await failure(send());
      expect(error).toMatchObject({ status, messageId: 'INVALID_RESPONSE', operation: 'sendPinOverSms' });
      expect(error.text).toMatch(why);
      expect(outbox().list(phone)).toEqual([]);
    });

    it('answers the bodies the faults describe', async () => {
      emulator.faults.add({ fault: 'html', retryAfterSeconds: 30 });
      emulator.faults.add({ fault: 'malformed_json' });
      emulator.faults.add({ fault: 'empty_body' });
      const html = await call({ path: '/2fa/2/applications' });
      expect(html).toMatchObject({ status: 502, headers: { 'retry-after': '30' } });
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toMatch(/^<html>.*502 Bad Gateway/);
      const broken = await call({ path: '/2fa/2/applications' });
      expect(broken.status).toBe(200);
      expect(() => JSON.parse(broken.text)).toThrow(SyntaxError);
      const empty = await call({ path: '/2fa/2/applications' });
      expect(empty).toMatchObject({ status: 200, text: '', headers: { 'content-length': '0' } });
    });

    it('reset: NETWORK_ERROR, and the emulator goes on serving', async () => {
      await addFault({ match: { operation: 'sendPinOverSms' }, fault: 'reset' });
      const error = await failure(send());
      expect(error).toMatchObject({ status: 0, messageId: 'NETWORK_ERROR' });
      expect(outbox().list(phone)).toEqual([]);
      await expect(send()).resolves.toMatchObject({ to: phone });
    });

    it('delay: TIMEOUT, and a request abandoned before the engine sends nothing', async () => {
      await addFault({ match: { operation: 'sendPinOverSms' }, fault: 'delay', delayMs: 5_000 });
      const error = await failure(impatient.sendPinOverSms({ applicationId, messageId, to: phone }));
      expect(error).toMatchObject({ status: 0, messageId: 'TIMEOUT', operation: 'sendPinOverSms' });
      await expect(send()).resolves.toMatchObject({ to: phone });
      expect(outbox().list(phone)).toHaveLength(1);
    });

    it('delay shorter than the timeout: the operation is answered', async () => {
      await addFault({ match: { operation: 'sendPinOverSms' }, fault: 'delay', delayMs: 1 });
      await expect(send()).resolves.toMatchObject({ to: phone, smsStatus: 'MESSAGE_SENT' });
      expect(outbox().list(phone)).toHaveLength(1);
      expect(await listFaults()).toEqual([]);
    });

    it('delay after the send: the client times out and exactly one SMS went out', async () => {
      await addFault({ match: { operation: 'sendPinOverSms' }, fault: 'delay', delayMs: 5_000, after: true });
      const error = await failure(impatient.sendPinOverSms({ applicationId, messageId, to: phone }));
      expect(error).toMatchObject({ status: 0, messageId: 'TIMEOUT' });
      expect(outbox().list(phone)).toHaveLength(1);
    });

    it('status after the send: the answer is lost, the SMS is not', async () => {
      await addFault({ match: { operation: 'sendPinOverSms' }, fault: 'status', status: 500, after: true });
      expect(await failure(send())).toMatchObject({ status: 500, messageId: 'GENERAL_ERROR' });
      expect(outbox().list(phone)).toHaveLength(1);
    });

    it('reset after the verification: the PIN was verified, the client saw none of it', async () => {
      const { pinId } = await send();
      await addFault({ match: { operation: 'verifyPin' }, fault: 'reset', after: true });
      expect(await failure(client.verifyPin(pinId, { pin: pinOf() }))).toMatchObject({
        status: 0,
        messageId: 'NETWORK_ERROR',
      });
      const { verifications } = await client.getVerificationStatus(applicationId, { msisdn: phone });
      expect(verifications).toEqual([expect.objectContaining({ verified: true })]);
    });

    it('verified_string: "true" as a string is rejected, even for a wrong PIN', async () => {
      const { pinId } = await send();
      const wrong = pinOf() === '000000' ? '111111' : '000000';
      await addFault({ fault: 'verified_string' });
      const raw = await call({
        method: 'POST',
        path: `/2fa/2/pin/${pinId}/verify`,
        body: { pin: wrong },
      });
      expect(raw.json).toMatchObject({
        pinId,
        verified: 'true',
        pinError: 'WRONG_PIN',
        attemptsRemaining: 99,
      });
      await addFault({ fault: 'verified_string', times: 2 });
      for (const pin of [wrong, pinOf()]) {
        const error = await failure(client.verifyPin(pinId, { pin }));
        expect(error).toMatchObject({ status: 200, messageId: 'INVALID_RESPONSE', operation: 'verifyPin' });
        expect(error.text).toMatch(/boolean "verified"/);
      }
    });

    it('verified_missing: an answer without verified is rejected', async () => {
      const { pinId } = await send();
      await addFault({ fault: 'verified_missing', times: 2 });
      const raw = await call({
        method: 'POST',
        path: `/2fa/2/pin/${pinId}/verify`,
        body: { pin: pinOf() },
      });
      expect(raw.status).toBe(200);
      expect(raw.json).toMatchObject({ pinId, msisdn: phone, attemptsRemaining: 100 });
      expect(raw.json).not.toHaveProperty('verified');
      const error = await failure(client.verifyPin(pinId, { pin: pinOf() }));
      expect(error).toMatchObject({ status: 200, messageId: 'INVALID_RESPONSE' });
    });

    it('msisdn_mismatch: another number in msisdn and to (the module compares them)', async () => {
      const other = phone.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
      await addFault({ fault: 'msisdn_mismatch', times: 3 });
      const sent = await send();
      expect(sent.to).toBe(other);
      expect(outbox().list(phone)).toHaveLength(1);
      const verified = await client.verifyPin(sent.pinId, { pin: pinOf() });
      expect(verified).toMatchObject({ verified: true, msisdn: other });
      const status = await client.getVerificationStatus(applicationId, { msisdn: phone });
      expect(status.verifications.map((v) => v.msisdn)).toEqual([other]);
      expect(await listFaults()).toEqual([]);
    });

    it('answer-changing faults leave errors as they are', async () => {
      await addFault({ fault: 'verified_string' });
      const error = await failure(client.verifyPin('UNKNOWN0PIN0ID', { pin: '123456' }));
      expect(error).toMatchObject({ status: 404, messageId: 'NOT_FOUND' });
      expect(await listFaults()).toEqual([]);
    });
  });

  describe('matching', () => {
    it('takes the next `times` matching requests, then the rule is spent', async () => {
      const { pinId } = await send();
      await addFault({ match: { operation: 'verifyPin' }, fault: 'status', status: 503, times: 2 });
      expect((await failure(client.verifyPin(pinId, { pin: pinOf() }))).status).toBe(503);
      expect(await listFaults()).toEqual([expect.objectContaining({ times: 1 })]);
      expect((await failure(client.verifyPin(pinId, { pin: pinOf() }))).status).toBe(503);
      expect(await listFaults()).toEqual([]);
      await expect(client.verifyPin(pinId, { pin: pinOf() })).resolves.toMatchObject({ verified: true });
    });

    it("lets the client's read retries outlast a short outage, never a long one", async () => {
      const waits: number[] = [];
      const retrying = new InfobipTwoFactorClient({
        baseUrl: started.url,
        apiKey: 'any',
        maxReadRetries: 2,
        sleep: async (ms) => void waits.push(ms),
      });
      try {
        await addFault({ match: { operation: 'getApplications' }, fault: 'status', status: 503 });
        await expect(retrying.getApplications()).resolves.toEqual(expect.any(Array));
        expect(waits).toHaveLength(1);
        await addFault({ match: { operation: 'getApplications' }, fault: 'status', status: 503, times: 3 });
        expect((await failure(retrying.getApplications())).status).toBe(503);
        expect(await listFaults()).toEqual([]);
      } finally {
        retrying.close();
      }
    });

    it('matches by operation', async () => {
      await addFault({ match: { operation: 'verifyPin' }, fault: 'status', status: 500 });
      const { pinId } = await send();
      await expect(client.getApplication(applicationId)).resolves.toMatchObject({ applicationId });
      expect((await failure(client.verifyPin(pinId, { pin: pinOf() }))).status).toBe(500);
    });

    it('matches by path, "*" standing for one segment', async () => {
      await addFault({ match: { path: '/2fa/2/pin/*/verify' }, fault: 'status', status: 502 });
      await addFault({ match: { path: '/2fa/2/applications/*' }, fault: 'status', status: 504 });
      const { pinId } = await send();
      await client.resendPinOverSms(pinId);
      await expect(client.getApplications()).resolves.toEqual(expect.any(Array));
      await expect(client.getMessageTemplates(applicationId)).resolves.toEqual(expect.any(Array));
      expect((await failure(client.verifyPin(pinId, { pin: pinOf() }))).status).toBe(502);
      expect((await failure(client.getApplication(applicationId))).status).toBe(504);
    });

    it('matches paths as routing does: decoded segments, trailing slash ignored', async () => {
      await addFault({ match: { path: '/2fa/2/applications/A%20B/' }, fault: 'status', status: 500 });
      expect((await call({ path: '/2fa/2/applications/A%20C' })).status).toBe(404);
      expect((await call({ path: '/2fa/2/applications/A%20B' })).status).toBe(500);
    });

    it('matches by method', async () => {
      await addFault({ match: { method: 'GET', path: '/2fa/2/applications' }, fault: 'status', status: 500 });
      await expect(client.createApplication({ name: 'by method' })).resolves.toMatchObject({
        name: 'by method',
      });
      expect((await failure(client.getApplications())).status).toBe(500);
    });

    it('tries rules in the order they were added, the first match winning', async () => {
      await addFault({ match: { operation: 'getApplications' }, fault: 'status', status: 502 });
      await addFault({ fault: 'status', status: 503 });
      expect((await failure(client.getApplications())).status).toBe(502);
      expect((await failure(client.getApplications())).status).toBe(503);
      await expect(client.getApplications()).resolves.toEqual(expect.any(Array));
    });

    it('lets answer-changing rules wait for an operation they can change', async () => {
      await addFault({ fault: 'verified_missing' });
      const { pinId } = await send();
      await client.getApplications();
      expect(await listFaults()).toHaveLength(1);
      expect((await failure(client.verifyPin(pinId, { pin: pinOf() }))).messageId).toBe('INVALID_RESPONSE');
    });
  });
});

describe('Infobip emulator fault injection with an API key', () => {
  let started: StartedEmulator;
  const auth = { Authorization: `App ${KEY}` };

  beforeAll(async () => {
    started = await startEmulator({ apiKey: KEY });
  });

  afterEach(() => started.emulator.faults.clear());

  afterAll(() => started.close());

  it('protects /_emulator/faults with the key', async () => {
    const rule = { fault: 'status', status: 503 };
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await httpCall(started.url, {
        method,
        path: '/_emulator/faults',
        headers: { Authorization: 'App wrong' },
        body: method === 'POST' ? rule : undefined,
      });
      expect(res.status).toBe(401);
    }
    expect(started.emulator.faults.list()).toEqual([]);
    const added = await httpCall(started.url, {
      method: 'POST',
      path: '/_emulator/faults',
      headers: auth,
      body: rule,
    });
    expect(added.status).toBe(201);
  });

  it('answers requests without the key 401 without spending a rule', async () => {
    started.emulator.faults.add({ fault: 'status', status: 503 });
    expect((await httpCall(started.url, { path: '/2fa/2/applications' })).status).toBe(401);
    expect(started.emulator.faults.list()).toHaveLength(1);
    expect((await httpCall(started.url, { path: '/2fa/2/applications', headers: auth })).status).toBe(503);
  });
});

describe('Infobip emulator closing with a delayed request', () => {
  it('closes without waiting for the delay and drops the held request', async () => {
    const { url, emulator, close } = await startEmulator();
    emulator.faults.add({ fault: 'delay', delayMs: 600_000 });
    const target = new URL(url);
    const held = new Promise<string>((resolve) => {
      const req = httpRequest(
        { host: target.hostname, port: target.port, path: '/2fa/2/applications', headers: ANY_CREDENTIAL },
        (res) => resolve(`answered ${res.statusCode}`),
      );
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end();
    });
    // The rule is taken when the request reaches the delay.
    while (emulator.faults.size > 0) await new Promise((resolve) => setImmediate(resolve));
    await close();
    expect(await held).toBe('ECONNRESET');
  });
});
