import type { INestApplication } from '@nestjs/common';
import { InMemoryOutbox } from 'nestjs-infobip-2fa';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createSampleApp } from '../../sample-app/create-app';

type Agent = ReturnType<typeof request.agent>;

// The pages over plain HTTP, as a browser without JavaScript or Fetch Metadata would use them.
describe('sample app pages over HTTP', () => {
  let app: INestApplication;
  let server: App;
  let serial = 0;

  beforeAll(async () => {
    app = await createSampleApp({ TWO_FACTOR_PROVIDER: 'local' }, { logger: false, printPins: false });
    server = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  const tokenOf = (page: string): string => {
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error('no form token on the page');
    return token;
  };
  const formToken = async (agent: Agent, path: string): Promise<string> => {
    const res = await agent.get(path);
    expect(res.status).toBe(200);
    return tokenOf(res.text);
  };
  const newAccount = () => {
    serial += 1;
    return {
      username: `http-${serial}`,
      password: `pass-http-${serial}`,
      phone: `+41793${String(serial).padStart(6, '0')}`,
    };
  };
  const register = async (agent: Agent, account: ReturnType<typeof newAccount>) => {
    const _csrf = await formToken(agent, '/register');
    return agent
      .post('/register')
      .type('form')
      .send({ ...account, _csrf });
  };

  it('serves pages as HTML with a strict CSP, no framing, no cross-site referrer and no caching', async () => {
    for (const path of ['/', '/register', '/login', '/verify']) {
      const res = await request(server).get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/); // no inline script
    }
    const js = await request(server).get('/assets/verify.js');
    expect([js.status, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    const css = await request(server).get('/assets/pages.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('refuses a form post without the session token, a wrong one, or one of another session', async () => {
    const account = newAccount();
    const agent = request.agent(server);
    const token = await formToken(agent, '/register');
    const otherToken = await formToken(request.agent(server), '/register');

    for (const _csrf of [undefined, '', 'x'.repeat(token.length), otherToken, [token, token]]) {
      const res = await agent
        .post('/register')
        .type('form')
        .send({ ...account, _csrf });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('This form has expired or did not come from this site.');
    }
    // A session that never got a form has no token to match.
    const fresh = await request(server)
      .post('/login')
      .type('form')
      .send({ username: 'a', password: 'b', _csrf: '' });
    expect(fresh.status).toBe(403);
    expect(app.get(InMemoryOutbox).list(account.phone.slice(1))).toHaveLength(0);

    const res = await agent
      .post('/register')
      .type('form')
      .send({ ...account, _csrf: token });
    expect([res.status, res.headers.location]).toEqual([303, '/verify']);
    expect(app.get(InMemoryOutbox).list(account.phone.slice(1))).toHaveLength(1);
  });

  it('refuses a cross-site form post before reading it, token or not', async () => {
    const agent = request.agent(server);
    const _csrf = await formToken(agent, '/login');
    const res = await agent
      .post('/login')
      .set('Origin', 'https://attacker.example')
      .type('form')
      .send({ username: 'x', password: 'y', _csrf });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'cross_site_request' });
  });

  it('shows what was typed back as text, never as markup', async () => {
    const agent = request.agent(server);
    const typed = '<img src=x onerror=alert(1)>"\'';
    const _csrf = await formToken(agent, '/register');
    const res = await agent
      .post('/register')
      .type('form')
      .send({ username: typed, password: 'long enough', phone: typed, _csrf });
    expect([res.status, res.headers.location]).toEqual([303, '/register']);
    const page = (await agent.get('/register')).text;
    expect(page).toContain('Username must be 3 to 32 characters');
    expect(page).toContain('value="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"');
    expect(page).not.toContain('<img src=x');
    // Shown once (post/redirect/get).
    expect((await agent.get('/register')).text).not.toContain('Username must be');
  });

  it('keeps the JSON API on JSON: a form-encoded body does not reach it', async () => {
    const account = newAccount();
    const agent = request.agent(server);
    expect((await register(agent, account)).status).toBe(303);
    const res = await request(server)
      .post('/auth/login')
      .type('form')
      .send({ username: account.username, password: account.password });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'bad_request' });
  });

  it('refuses an oversized form with an HTML page', async () => {
    const agent = request.agent(server);
    const _csrf = await formToken(agent, '/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: 'u'.repeat(20_000), password: 'p', _csrf });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('Form too large');
  });

  it('sends visitors to sign-in and pending sessions to the PIN form instead of the account', async () => {
    const anonymous = await request(server).get('/account-page');
    expect([anonymous.status, anonymous.headers.location]).toEqual([303, '/login']);

    const agent = request.agent(server);
    expect((await register(agent, newAccount())).status).toBe(303);
    for (const path of ['/', '/account-page']) {
      const res = await agent.get(path);
      expect([path, res.status, res.headers.location]).toEqual([path, 303, '/verify']);
    }
    // The JSON API answers the same session as before.
    expect((await agent.get('/account')).status).toBe(401);
  });

  it('answers a registration of a taken username exactly like a new one', async () => {
    const account = newAccount();
    expect((await register(request.agent(server), account)).status).toBe(303);
    const outbox = app.get(InMemoryOutbox);

    const fresh = request.agent(server);
    const freshRes = await register(fresh, newAccount());
    const agent = request.agent(server);
    const intruderPhone = '+41793999999';
    const res = await register(agent, { ...account, phone: intruderPhone });
    expect([res.status, res.headers.location]).toEqual([freshRes.status, freshRes.headers.location]);
    // Like a new registration, a PIN goes to the phone given, and the verify page asks for it.
    expect(outbox.list(intruderPhone.slice(1))).toHaveLength(1);
    const page = (await agent.get('/verify')).text;
    expect(page).toContain('Enter your code');
    expect(page).not.toContain('No code is waiting for this browser.');
  });
});
