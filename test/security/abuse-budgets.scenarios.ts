import type { INestApplication } from '@nestjs/common';
import { maskDestination } from 'nestjs-infobip-2fa';
import type { Response } from 'supertest';
import { type Account, Accounts, DEFAULTS, wrongPin } from './support/accounts';
import type { AttackClient } from './support/attack-client';
import { holdNextUserLookup } from './support/held-user-lookup';
import type { SamplePlatform } from '../../sample-app/config/sample-config';
import {
  type PlatformTarget,
  type ProviderKind,
  type SampleTargetOptions,
  sessionExists,
  startPlatformTarget,
} from './support/sample-target';

const MINUTE = 60_000;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const expectError = (res: Response, status: number, code: string): void => {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { statusCode: status, code, message: expect.any(String) },
  });
};

/** The hidden CSRF token of the last page a client fetched. */
function csrfOf(page: Response): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no form on ${page.status} page`);
  return token;
}

/** A form post of the pages, with the token of `page`. */
function postForm(c: AttackClient, path: string, page: Response, fields: Record<string, string>) {
  return c.post(path, new URLSearchParams({ _csrf: csrfOf(page), ...fields }).toString(), FORM);
}

/** Every masked phone number on a page, its last four digits left out: the masking's shape. */
function maskShapes(html: string): string[] {
  return (html.match(/\+[\d*]{6,}/g) ?? []).map((masked) => masked.slice(0, -4));
}

/** The sample app under attack on one platform, its Nest application if it has one. */
type BudgetTarget = PlatformTarget & { nestApp: INestApplication | undefined };

/** The Nest application of a target (the tests that reach inside run on Nest platforms only). */
function nestAppOf(target: BudgetTarget): INestApplication {
  if (!target.nestApp) throw new Error(`the sample app on ${target.platform} has no Nest application`);
  return target.nestApp;
}

/** A sign-in with the password (JSON). */
function signIn(c: AttackClient, account: Pick<Account, 'username' | 'password'>): Promise<Response> {
  return c.post('/auth/login', { username: account.username, password: account.password });
}

/**
 * Abuse budgets an attacker can't turn against users, and sign-out that is final: each of
 * the ten attacks found on the sample app, tried again the way an attacker would, on one PIN
 * provider. The numbers in the test names are the attacks' numbers in the README.
 */
export function describeAbuseBudgets(kind: ProviderKind, platform: SamplePlatform = 'nest-express'): void {
  const start = (options?: SampleTargetOptions) => startPlatformTarget(platform, kind, options);
  // The HTML pages (forms, CSRF tokens, the PIN page) are served on nest-express only (DESIGN §7):
  // the attacks made through them run there; every attack on the JSON routes runs on each platform.
  const withPages = platform === 'nest-express' ? it : it.skip;
  // Slowing the user database down reaches into the Nest application: not on plain Express.
  const withNest = platform === 'express' ? it.skip : it;
  describe(`abuse budgets of the sample app (${kind}, ${platform})`, () => {
    let target: BudgetTarget;
    let accounts: Accounts;

    beforeAll(async () => {
      target = await start();
      accounts = new Accounts(target, `b${kind[0]}`);
    });
    // Each attack starts later than every window (a day): no budget or throttle is left over.
    beforeEach(() => target.advance(25 * 60 * MINUTE));
    afterEach(() => jest.restoreAllMocks());
    afterAll(() => target?.close());

    it('1. registrations with the victim’s number do not lock the victim out of signing in', async () => {
      const victim = await accounts.registered('victim');
      const squats: number[] = [];
      for (let i = 0; i < 6; i++) {
        const squat = { ...accounts.next('squat'), phone: victim.phone };
        squats.push((await accounts.client().post('/auth/register', squat)).status);
      }
      // The number's registration budget is spent...
      expect(squats.slice(-1)).toEqual([429]);
      // ...and its sign-in budget is whole.
      const c = accounts.client();
      expect((await signIn(c, victim)).status).toBe(200);
      expect(accounts.latest(victim).text).toContain('sign-in code');
      expect((await accounts.verify(c, accounts.latest(victim).pin)).status).toBe(200);
      expect((await c.get('/account')).status).toBe(200);
    });

    it('3. password guessing is limited per account, the same for unknown users, without starving the owner', async () => {
      const victim = await accounts.registered('guessed');
      // The owner signs in from a browser, which keeps the device cookie it got.
      const first = await signIn(accounts.client(), victim);
      expect(first.status).toBe(200);
      const device = ([] as string[])
        .concat(first.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('device='));
      expect(device).toBeDefined();
      const owner = accounts.client();
      owner.withHeaders({ Cookie: String(device).split(';')[0] });
      const guesses = async (username: string) => {
        const answers: Response[] = [];
        for (let i = 0; i < 7; i++)
          answers.push(await signIn(accounts.client(), { username, password: `guess-${i}-xx` }));
        return answers;
      };
      for (const answers of [await guesses(victim.username), await guesses('bu-nobody-here')]) {
        expect(answers.map((res) => res.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
        expectError(answers[5], 429, 'rate_limited');
        expect(Number(answers[5].headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(answers[5].headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      }
      // Inside the limit the right password is refused too: a guess that happens to be right gains nothing.
      expectError(await signIn(accounts.client(), victim), 429, 'rate_limited');
      // The owner's own browser, which signed in before, is not locked out by strangers' guesses.
      expect((await signIn(owner, victim)).status).toBe(200);
      target.advance(15 * MINUTE);
      // Later, the owner signs in; successful sign-ins never use the limit up.
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 4; i++) {
          expect((await signIn(accounts.client(), { ...victim, password: 'wrong-password' })).status).toBe(
            401,
          );
        }
        expect((await signIn(accounts.client(), victim)).status).toBe(200);
      }
    });

    withPages(
      '4. the PIN page shows every number in one masked form, whether the username was free or taken',
      async () => {
        const owner = await accounts.registered('owner');
        const registerByPage = async (account: Account) => {
          const c = accounts.client();
          const form = await c.get('/register');
          const fields = { username: account.username, password: account.password, phone: account.phone };
          expect((await postForm(c, '/register', form, fields)).status).toBe(303);
          const verify = await c.get('/verify');
          target.advance(DEFAULTS.resendCooldownMs);
          expect((await postForm(c, '/verify/resend', verify, {})).status).toBe(303);
          return { verify: verify.text, resent: (await c.get('/verify')).text };
        };
        const free = accounts.next('free');
        const taken = { ...accounts.next('taken'), username: owner.username };
        const pages = [await registerByPage(free), await registerByPage(taken)];
        const [freeShapes, takenShapes] = pages.map((page) => [
          ...maskShapes(page.verify),
          ...maskShapes(page.resent),
        ]);
        expect(freeShapes.length).toBeGreaterThanOrEqual(2);
        expect(takenShapes).toEqual(freeShapes);
        expect(pages[0].resent).toContain(maskDestination(free.phone));
        expect(pages[1].resent).toContain(maskDestination(taken.phone));
      },
    );

    withPages(
      '5. sign-out is final: a page post in flight cannot bring the signed-out session back',
      async () => {
        const victim = await accounts.registered('final');
        const c = await accounts.verified(victim);
        const stolen = c.cookie;
        const sid = c.sessionId;
        const page = await c.get('/account-page');
        // A slow form post with the session's token (a wrong password: the user database is slow)...
        const gate = holdNextUserLookup(nestAppOf(target));
        const slow = postForm(c, '/login', page, { username: victim.username, password: 'wrong-password' });
        await gate.held;
        // ...while the owner signs out.
        expect((await target.client().useCookie(stolen).post('/auth/logout')).status).toBe(204);
        gate.release();
        expect((await slow).status).toBe(303);
        const thief = target.client().useCookie(stolen);
        expect((await thief.get('/account')).status).toBe(401);
        expect((await thief.get('/2fa/status')).body).toEqual({ state: 'none' });
        expect(await sessionExists(target.sessions, sid)).toBe(false);
      },
    );

    withNest(
      '5. sign-out is final: a JSON sign-in in flight cannot bring the signed-out session back',
      async () => {
        const victim = await accounts.registered('final-json');
        const c = await accounts.verified(victim);
        const stolen = c.cookie;
        const sid = c.sessionId;
        // A slow sign-in on the session (a wrong password: the user database is slow)...
        const gate = holdNextUserLookup(nestAppOf(target));
        const slow = signIn(c, { username: victim.username, password: 'wrong-password' });
        await gate.held;
        // ...while the owner signs out; the sign-in then ends and its session is written back.
        expect((await target.client().useCookie(stolen).post('/auth/logout')).status).toBe(204);
        gate.release();
        expectError(await slow, 401, 'invalid_credentials');
        const thief = target.client().useCookie(stolen);
        expect((await thief.get('/account')).status).toBe(401);
        expect((await thief.get('/2fa/status')).body).toEqual({ state: 'none' });
        expect(await sessionExists(target.sessions, sid)).toBe(false);
      },
    );

    withNest('5. a request in flight does not write back a 2FA state that changed meanwhile', async () => {
      const victim = await accounts.registered('stale');
      const c = await accounts.pending(victim);
      // A slow request on the pending session (a wrong password: the user database is slow)...
      const gate = holdNextUserLookup(nestAppOf(target));
      const slow = signIn(c, { username: victim.username, password: 'wrong-password' });
      await gate.held;
      // ...while the PIN is sent again, by voice: the session now says so.
      target.advance(DEFAULTS.resendCooldownMs);
      expect((await c.post('/2fa/resend', { channel: 'voice' })).status).toBe(202);
      expect((await c.get('/2fa/status')).body).toMatchObject({ state: 'pending', channel: 'voice' });
      gate.release();
      expectError(await slow, 401, 'invalid_credentials');
      // The slow request's copy of the session (from before the resend) was not stored over it.
      expect((await c.get('/2fa/status')).body).toMatchObject({ state: 'pending', channel: 'voice' });
    });

    it('6. satellite and international-network numbers, and countries off the list, get no PIN', async () => {
      const sent = target.allMessages().length;
      for (const [phone, message] of [
        ['+881 6 1234 5678', 'satellite or international-network'],
        ['+870 773 123 456', 'satellite or international-network'],
        ['+7 912 345 67 89', 'this country'],
      ]) {
        const res = await accounts.client().post('/auth/register', { ...accounts.next('far'), phone });
        expectError(res, 400, 'bad_request');
        expect(res.body.message).toContain(message);
      }
      expect(target.allMessages()).toHaveLength(sent);
    });

    it('7. unconfirmed accounts expire, and their usernames are free again', async () => {
      const squatter = accounts.next('squatted');
      expect((await accounts.client().post('/auth/register', squatter)).status).toBe(201);
      // Within the PIN's lifetime and a margin, the account is there (a lost code can be sent again).
      target.advance(10 * MINUTE);
      expect((await signIn(accounts.client(), squatter)).status).toBe(200);
      target.advance(16 * MINUTE);
      expectError(await signIn(accounts.client(), squatter), 401, 'invalid_credentials');
      // Someone else takes the name.
      const owner = { ...accounts.next('new-owner'), username: squatter.username };
      const c = accounts.client();
      expect((await c.post('/auth/register', owner)).status).toBe(201);
      expect((await accounts.verify(c, accounts.latest(owner).pin)).status).toBe(200);
      expect((await c.get('/account')).body).toMatchObject({
        username: owner.username,
        phone: maskDestination(owner.phone),
      });
      expect((await signIn(accounts.client(), owner)).status).toBe(200);
      expectError(await signIn(accounts.client(), squatter), 401, 'invalid_credentials');
    });

    withPages('8. page views without a session store at most 100 sessions per address', async () => {
      const count = () =>
        new Promise<number>((resolve, reject) =>
          target.sessions.length((error, length) => (error ? reject(error) : resolve(length ?? 0))),
        );
      const before = await count();
      for (let i = 0; i < 130; i++) expect((await target.client().get('/login')).status).toBe(200);
      expect((await count()) - before).toBeLessThanOrEqual(100);
      // A browser that already holds a session keeps using its forms.
      const victim = await accounts.registered('browser');
      const c = accounts.client();
      await signIn(c, victim);
      expect((await c.get('/verify')).status).toBe(200);
    });

    it('9. a provider error text that repeats the PIN does not put the PIN in the log', async () => {
      const victim = await accounts.registered('logged');
      const c = await accounts.pending(victim);
      const { pin } = accounts.latest(victim);
      const text = `PIN ${pin} could not be checked for ${victim.phone}`;
      if (target.emulator) {
        target.emulator.emulator.faults.add({
          match: { operation: 'verifyPin' },
          fault: 'status',
          status: 500,
          text,
        });
      } else {
        const engine = target.engine;
        if (!engine) throw new Error('the local provider has no embedded engine');
        jest.spyOn(engine, 'verifyPin').mockRejectedValueOnce(new Error(text));
      }
      expectError(await accounts.verify(c, pin), 503, 'provider_unavailable');
      expect(target.logs.text()).toContain('2FA provider failed to verify');
      expect(target.logs.text()).not.toContain(pin);
      expect(target.logs.text()).not.toContain(victim.phone.slice(1));
    });

    it('9. a wrong PIN is never logged either', async () => {
      const victim = await accounts.registered('logged-wrong');
      const c = await accounts.pending(victim);
      const wrong = wrongPin(accounts.latest(victim).pin);
      expectError(await accounts.verify(c, wrong), 401, 'invalid_pin');
      expect(target.logs.text()).not.toContain(wrong);
    });
  });

  describe(`abuse budgets: small budgets everyone shares (${kind}, ${platform})`, () => {
    let target: BudgetTarget;
    let accounts: Accounts;

    beforeAll(async () => {
      // Every purpose's global budget: 8 PINs an hour (registration and sign-in each their own).
      target = await start({ env: { TWO_FACTOR_SEND_LIMITS: 'global=8/1h' } });
      accounts = new Accounts(target, `g${kind[0]}`);
    });
    beforeEach(() => target.advance(25 * 60 * MINUTE));
    afterAll(() => target?.close());

    it('2. registrations spending the global budget leave confirmed accounts their sign-in', async () => {
      const victim = await accounts.registered('verified');
      const codes: number[] = [];
      for (let i = 0; i < 10; i++)
        codes.push((await accounts.client().post('/auth/register', accounts.next('flood'))).status);
      expect(codes.filter((status) => status === 429)).toHaveLength(3);
      const c = accounts.client();
      expect((await signIn(c, victim)).status).toBe(200);
      expect((await accounts.verify(c, accounts.latest(victim).pin)).status).toBe(200);
    });

    it('7. a registration refused by a send limit creates no account', async () => {
      const refused: Account[] = [];
      for (let i = 0; i < 10; i++) {
        const account = accounts.next('refused');
        const res = await accounts.client().post('/auth/register', account);
        if (res.status === 429) refused.push(account);
      }
      expect(refused).toHaveLength(2);
      for (const account of refused) {
        expectError(await signIn(accounts.client(), account), 401, 'invalid_credentials');
      }
      // The names are free: taken by a later registration that does send its PIN.
      target.advance(61 * MINUTE);
      const retry = { ...accounts.next('retry'), username: refused[0].username };
      const c = accounts.client();
      expect((await c.post('/auth/register', retry)).status).toBe(201);
      expect((await accounts.verify(c, accounts.latest(retry).pin)).status).toBe(200);
    });
  });

  describe(`abuse budgets behind a reverse proxy (${kind}, ${platform})`, () => {
    let target: BudgetTarget;
    let accounts: Accounts;
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'production-secret-of-at-least-32-characters!',
      TWO_FACTOR_SEND_LIMITS: 'perIp=3/1h',
    };
    const proxied = (address: string) => ({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': address });

    afterEach(() => target?.close());

    it('10. a client reaching the port directly is counted by its own address, whatever X-Forwarded-For says', async () => {
      // The proxy is at 10.0.0.2; the attacker (127.0.0.1) connects to the app itself.
      target = await start({ env: { ...production, TRUSTED_PROXIES: '10.0.0.2' } });
      accounts = new Accounts(target, `x${kind[0]}`);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await accounts
          .client()
          .post('/auth/register', accounts.next('direct'), proxied(`203.0.113.${i}`));
        codes.push(res.status);
      }
      expect(codes).toEqual([201, 201, 201, 429, 429]);
    });

    it('3, 10. behind a trusted proxy, each client address has its own sign-in and send budgets', async () => {
      // The proxy runs on the same host (TRUSTED_PROXIES defaults to loopback in production).
      target = await start({ env: production });
      accounts = new Accounts(target, `y${kind[0]}`);
      const attacker = proxied('203.0.113.66');
      const answers: number[] = [];
      for (let i = 0; i < 32; i++) {
        const res = await accounts
          .client()
          .withHeaders(attacker)
          .post('/auth/login', {
            username: `y-sprayed-${i}`,
            password: 'spray-password-1',
          });
        answers.push(res.status);
      }
      expect(answers.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(answers.slice(30)).toEqual([429, 429]);
      // Another client behind the same proxy signs up and in.
      const neighbour = accounts.next('neighbour');
      const c = accounts.client().withHeaders(proxied('203.0.113.67'));
      expect((await c.post('/auth/register', neighbour)).status).toBe(201);
      expectError(
        await c.post('/auth/login', { ...neighbour, password: 'wrong-password' }),
        401,
        'invalid_credentials',
      );
    });

    it('3. guesses sent all at once from one address get no more password checks than one by one', async () => {
      target = await start({ env: production });
      accounts = new Accounts(target, `z${kind[0]}`);
      const attacker = proxied('203.0.113.77');
      // A neighbour behind the same address signs in first: successes never use its limit up.
      const neighbour = accounts.next('z-neighbour');
      const registering = accounts.client().withHeaders(proxied('203.0.113.78'));
      expect((await registering.post('/auth/register', neighbour)).status).toBe(201);
      expect((await accounts.verify(registering, accounts.latest(neighbour).pin)).status).toBe(200);
      for (let i = 0; i < 3; i++) {
        expect((await signIn(accounts.client().withHeaders(attacker), neighbour)).status).toBe(200);
      }
      const answers = await Promise.all(
        Array.from({ length: 45 }, (_, i) =>
          accounts
            .client()
            .withHeaders(attacker)
            .post('/auth/login', { username: `z-sprayed-${i}`, password: 'spray-password-1' }),
        ),
      );
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(30);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
      expectError(
        await accounts
          .client()
          .withHeaders(attacker)
          .post('/auth/login', { username: 'z-one-more', password: 'spray-password-1' }),
        429,
        'rate_limited',
      );
    });
  });
}
