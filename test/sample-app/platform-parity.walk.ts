import type { Response } from 'supertest';
import type { SamplePlatform } from '../../sample-app/config/sample-config';
import { createSampleServer, type SampleServer } from '../../sample-app/sample-server';
import { SampleClient } from './sample-app.client';
import { SCENARIO_ENV } from './sample-app.scenarios';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
type Step = [label: string, method: Method, path: string, body?: unknown, headers?: Record<string, string>];

/** What a client sees of an answer, values that differ from run to run (ids, times) left out. */
function seen(res: Response): unknown {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return {
    status: res.status,
    body: JSON.parse(
      JSON.stringify(res.body ?? {}, (key, value: unknown) =>
        // Recovery codes by their shape (random), times left out.
        key === 'codes' && Array.isArray(value)
          ? value.map((code: string) => code.replace(/\w/g, 'x'))
          : value,
      ).replace(/"(\w+At)":"[^"]*"/g, '"$1":"…"'),
    ),
    cacheControl: res.headers['cache-control'],
    retryAfter: res.headers['retry-after'] === undefined ? undefined : 'set',
    contentType: res.headers['content-type'],
    // Name and attributes of each cookie set, not its value. A cleared cookie is cleared either
    // way: @fastify/cookie adds `Max-Age=0` to the past `Expires` that Express sends alone.
    cookies: cookies.map((cookie) =>
      cookie
        .replace(/=[^;]*/, '=…')
        .replace(/Expires=[^;]*/, 'Expires=…')
        .replace(/; Max-Age=0(?=;|$)/, ''),
    ),
    poweredBy: res.headers['x-powered-by'],
  };
}

const user = { username: 'parity', password: 'pass-parity-1', phone: '+41791238001' };

/** One session's walk over the JSON routes, the failures included; PINs come from `pin()`. */
function walk(pin: () => string): Step[] {
  return [
    ['health', 'get', '/health'],
    ['unknown route', 'get', '/no/such/route'],
    ['unknown method', 'delete', '/account'],
    ['head of a route', 'head', '/account'],
    ['malformed JSON', 'post', '/auth/login', '{"username":'],
    ['too large', 'post', '/auth/login', { username: 'a', password: 'x'.repeat(20_000) }],
    ['not JSON', 'post', '/auth/login', 'username=a', { 'Content-Type': 'text/plain' }],
    ['cross-site', 'post', '/auth/login', user, { Origin: 'https://evil.example' }],
    ['bad registration', 'post', '/auth/register', { ...user, phone: '0791234567' }],
    ['anonymous account', 'get', '/account'],
    ['anonymous status', 'get', '/2fa/status'],
    ['anonymous verify', 'post', '/2fa/verify', { pin: '123456' }],
    ['anonymous recovery codes', 'post', '/2fa/recovery-codes'],
    ['register', 'post', '/auth/register', user],
    ['pending status', 'get', '/2fa/status'],
    ['pending account', 'get', '/account'],
    ['verify a number', 'post', '/2fa/verify', { pin: 123456 }],
    [
      'verify',
      'post',
      '/2fa/verify',
      {
        get pin() {
          return pin();
        },
      },
    ],
    ['account', 'get', '/account'],
    ['recovery codes', 'post', '/2fa/recovery-codes'],
    ['logout', 'post', '/auth/logout'],
    ['wrong password', 'post', '/auth/login', { ...user, password: 'wrong-1' }],
    ['login', 'post', '/auth/login', user],
    ['resend too soon', 'post', '/2fa/resend', { channel: 'voice' }],
    ['resend with a bad channel', 'post', '/2fa/resend', { channel: 7 }],
    ...Array.from({ length: 5 }, (_, i): Step => [
      'wrong password',
      'post',
      '/auth/login',
      { ...user, password: `wrong-${i + 2}` },
    ]),
    ['over the sign-in limit', 'post', '/auth/login', user],
    ['logout again', 'post', '/auth/logout'],
  ];
}

/** The walk on one platform: every answer as the client saw it. */
export async function walkOn(platform: SamplePlatform): Promise<Array<[string, unknown]>> {
  const sample: SampleServer = await createSampleServer(
    { ...SCENARIO_ENV, SAMPLE_PLATFORM: platform, TWO_FACTOR_PROVIDER: 'local' },
    { logger: false, printPins: false },
  );
  try {
    const engine = sample.engine;
    const pin = () => sample.outbox?.list(user.phone.slice(1)).at(-1)?.pin ?? 'none';
    const client = new SampleClient(sample.server, []);
    const answers: Array<[string, unknown]> = [];
    for (const [label, method, path, body, headers] of walk(pin)) {
      // Past the provider's verify interval, within the resend cooldown and the sign-in window.
      engine?.clock.advance(3_000);
      answers.push([label, seen(await client.send(method, path, body, headers))]);
    }
    return answers;
  } finally {
    await sample.close();
  }
}

/** Walks on `platform` and on plain Express, and expects the very same answers, step by step. */
export async function expectSameWalk(platform: SamplePlatform): Promise<void> {
  const reference = await walkOn(platform);
  const express = await walkOn('express');
  // The walk reached what it meant to: a verified session, then the sign-in limit.
  expect(reference.find(([label]) => label === 'account')?.[1]).toMatchObject({ status: 200 });
  expect(reference.at(-2)?.[1]).toMatchObject({ status: 429, retryAfter: 'set' });
  expect(express).toHaveLength(reference.length);
  for (let i = 0; i < reference.length; i++) expect([i, express[i]]).toEqual([i, reference[i]]);
}
