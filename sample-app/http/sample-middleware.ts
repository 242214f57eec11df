import { type ErrorRequestHandler, json, type RequestHandler } from 'express';
import { MemoryStore, type SessionData, type Store } from 'express-session';
import type { CounterStore, TwoFactorService } from 'nestjs-infobip-2fa';
import { FinalSignOutStore } from 'nestjs-infobip-2fa/express';
import passport, { type Authenticator } from 'passport';
import type { SampleConfig } from '../config/sample-config';
import type { SampleAppOverrides } from '../config/sample-app-overrides';
import type { SampleRedis } from '../redis/sample-redis';
import { redisSessionStore } from '../redis/session-store';
import { absoluteTimeout } from './absolute-timeout.middleware';
import { bodyParserErrors } from './body-parser-errors.middleware';
import { newSessionLimit } from './new-session-limit.middleware';
import { originCheck } from './origin-check.middleware';
import { sessionErrors } from './session-errors.middleware';
import { sessionMiddleware } from './session.middleware';

/** JSON bodies above this size are refused with 413. */
export const JSON_BODY_LIMIT = '10kb';

/** Where the sample app's sessions live, and what marks the ended ones. */
export interface SessionStoreContext {
  config: SampleConfig;
  overrides: SampleAppOverrides;
  redis: SampleRedis | null;
  twoFactor: TwoFactorService;
  /** The 2FA module's counter store (Redis with `REDIS_URL`). */
  counters: CounterStore;
}

/**
 * The sample app's session store on every platform: the `sessionStore` override, else Redis with
 * `REDIS_URL`, else in memory; inside a {@link FinalSignOutStore}, so that sign-out is final (a
 * destroyed session id is never written again, whatever was in flight).
 */
export function finalSessionStore(context: SessionStoreContext): FinalSignOutStore<SessionData> {
  const { config, overrides, redis, twoFactor, counters } = context;
  return new FinalSignOutStore(
    overrides.sessionStore ??
      (redis ? redisSessionStore(redis.client, redis.key('sess:')) : new MemoryStore()),
    {
      counterStore: counters,
      tombstoneTtlMs: config.session.absoluteTimeoutMs,
      now: () => twoFactor.now(),
    },
  );
}

/** What the sample app's Express middleware works with. */
export interface SampleMiddlewareContext {
  config: SampleConfig;
  /** The session store, from {@link finalSessionStore}. */
  sessionStore: Store;
  twoFactor: TwoFactorService;
  /** The 2FA module's counter store (Redis with `REDIS_URL`). */
  counters: CounterStore;
  /**
   * The passport instance whose strategy and serializer the app registered.
   * @default passport's global instance
   */
  authenticator?: Pick<Authenticator, 'initialize' | 'session'>;
}

// API answers hold account data and 2FA state: never cached by browsers or proxies.
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * The middleware every request of the sample app goes through before its route, in order, on
 * an Express app whoever routes it (Nest on Express, or plain Express): `no-store`, the origin
 * check, the JSON body parser ({@link JSON_BODY_LIMIT}) and its errors, express-session on a
 * {@link FinalSignOutStore} (sign-out is final), the new-session limit, the absolute timeout,
 * passport, and the session store's errors. Passport's strategy and serializer are the caller's.
 */
export function sampleMiddleware(context: SampleMiddlewareContext): (RequestHandler | ErrorRequestHandler)[] {
  const { config, sessionStore, twoFactor, counters, authenticator = passport } = context;
  return [
    noStore,
    // Before the body parser and the session: a refused request costs nothing.
    originCheck({ allowedOrigins: config.allowedOrigins }),
    json({ limit: JSON_BODY_LIMIT }),
    bodyParserErrors,
    sessionMiddleware(config.session, sessionStore),
    newSessionLimit({
      store: sessionStore,
      counters,
      clientIp: (req) => twoFactor.clientIp(req),
      now: () => twoFactor.now(),
    }),
    // Before passport restores the user: a session past its absolute lifetime is already gone.
    // Sign-in times are stamped by the 2FA module's clock (the `clock` override, if any).
    absoluteTimeout({ lifetimeMs: config.session.absoluteTimeoutMs, now: () => twoFactor.now() }),
    authenticator.initialize(),
    authenticator.session(),
    // A session store that fails (Redis down) answers 503 before any route runs.
    sessionErrors,
  ];
}
