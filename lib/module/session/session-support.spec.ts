import { Logger } from '@nestjs/common';
import {
  checkSessionOptions,
  limitSessionLifetime,
  regenerateSession,
  requireSession,
  restoreSessionLifetime,
} from './session-support';
import type { RequestWithSession } from './two-factor-session';

describe('session support', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('checkSessionOptions accepts resave and saveUninitialized false, and refuses the rest', () => {
    const good = { secret: 's', resave: false, saveUninitialized: false };
    expect(checkSessionOptions(good)).toBe(good);
    expect(() => checkSessionOptions({ secret: 's', saveUninitialized: false })).toThrow(
      'TwoFactorModule: express-session option resave must be false. Fix: pass resave: false',
    );
    expect(() => checkSessionOptions({ secret: 's', resave: false, saveUninitialized: true })).toThrow(
      /saveUninitialized must be false/,
    );
  });

  it('checkSessionOptions wants a real store in production', () => {
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => checkSessionOptions({ secret: 's', resave: false, saveUninitialized: false })).toThrow(
        /MemoryStore/,
      );
    } finally {
      process.env.NODE_ENV = env;
    }
  });

  it('requireSession names the fix when the session is missing or unfit', () => {
    expect(() => requireSession({} as never)).toThrow(/mount express-session/);
    expect(() => requireSession({ session: {} } as never)).toThrow(/no regenerate\(\)/);
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    class MemoryStore {}
    // @fastify/session's default: a function Store keeping sessions in a Map.
    class Store {
      store = new Map();
    }
    class RedisStore {
      store = new Map();
    }
    try {
      for (const sessionStore of [new MemoryStore(), new Store()]) {
        expect(() => requireSession({ session: { regenerate() {} }, sessionStore } as never)).toThrow(
          /in-memory store in production/,
        );
      }
      expect(() =>
        requireSession({ session: { regenerate() {} }, sessionStore: new RedisStore() } as never),
      ).not.toThrow();
    } finally {
      process.env.NODE_ENV = env;
    }
  });

  it('regenerateSession carries over only the allow-listed fields', async () => {
    const req = {
      session: {
        passport: { user: 'alice' },
        cart: ['x'],
        twoFactor: { state: 'verified' },
        regenerate(callback: (err?: unknown) => void) {
          req.session = { regenerate: req.session.regenerate } as never;
          callback();
        },
      },
    } as unknown as RequestWithSession & { session: Record<string, unknown> };
    await regenerateSession(req, ['passport', 'missing']);
    expect({ ...req.session, regenerate: undefined }).toEqual({
      passport: { user: 'alice' },
      regenerate: undefined,
    });
  });

  it('regenerateSession fails closed with provider_unavailable when the store fails', async () => {
    const req = { session: { regenerate: (cb: (err?: unknown) => void) => cb(new Error('store down')) } };
    await expect(regenerateSession(req as never, [])).rejects.toMatchObject({
      code: 'provider_unavailable',
      status: 503,
    });
  });

  it('limitSessionLifetime shortens a longer cookie and says what it was; restoreSessionLifetime gives it back', () => {
    const cookie: { maxAge?: number | null } = { maxAge: 1_800_000 };
    expect(limitSessionLifetime(cookie, 360_000)).toBe(1_800_000);
    expect(cookie.maxAge).toBe(360_000);
    // Already as short: left alone, nothing to give back later.
    expect(limitSessionLifetime(cookie, 400_000)).toBeUndefined();
    expect(cookie.maxAge).toBe(360_000);
    restoreSessionLifetime(cookie, 1_800_000);
    expect(cookie.maxAge).toBe(1_800_000);
    // Never shortens a cookie; a browser-session cookie gets the limit and nothing to give back.
    restoreSessionLifetime(cookie, 60_000);
    expect(cookie.maxAge).toBe(1_800_000);
    const browserSession: { maxAge?: number | null } = { maxAge: null };
    expect(limitSessionLifetime(browserSession, 360_000)).toBeUndefined();
    expect(browserSession.maxAge).toBe(360_000);
  });
});
