import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { FinalSignOutStore } from 'nestjs-infobip-2fa';
import passport from 'passport';
import { parseSampleConfig, type SampleEnv } from '../config/sample-config';
import { CROSS_SITE_REQUEST } from '../core/error-bodies';
import { limitNewSessionSaves } from '../core/new-session-budget';
import { isAllowedOrigin } from '../core/origin-check';
import { sessionOutlived } from '../core/session-lifetime';
import { linkReply } from '../http/http-reply';
import { buildNestSample, type SampleAppOptions, type SampleParts } from '../nest-sample';
import { readBodiesAsExpressJson } from './json-body';

/** JSON bodies above this size (10 kB, as on Express) are refused with 413. */
const JSON_BODY_LIMIT_BYTES = 10 * 1024;

// @fastify/session wants a secret of 32 characters or more; express-session takes any. A shorter
// SESSION_SECRET (allowed outside production) is stretched the same way on every instance.
const MIN_FASTIFY_SECRET_LENGTH = 32;

type Middleware = (req: FastifyRequest, res: FastifyReply, next: (error?: unknown) => void) => void;

/**
 * Builds and initialises the sample app on Nest and Fastify (`SAMPLE_PLATFORM=nest-fastify`),
 * without listening: the same modules, routes, bodies, codes and limits as on Express, with
 * sessions from @fastify/session on the same store (sign-out final, Redis with `REDIS_URL`) and
 * passport run as Fastify hooks. The HTML pages are not served here.
 *
 * @throws SampleConfigError when the environment is incomplete or Redis can't be reached.
 */
export async function createSampleFastifyApp(
  env: SampleEnv,
  options: SampleAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await buildNestSample(
    env,
    options,
    (module, nestOptions) => {
      const { trustedProxies } = parseSampleConfig(env).abuse;
      return NestFactory.create<NestFastifyApplication>(
        module,
        new FastifyAdapter({
          bodyLimit: JSON_BODY_LIMIT_BYTES,
          // Paths as Express matches them: `/ACCOUNT` and `/account/` are `/account`.
          routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
          // Behind the reverse proxies of TRUSTED_PROXIES only: their X-Forwarded-* are believed.
          ...(trustedProxies ? { trustProxy: trustedProxies } : {}),
        }),
        { ...nestOptions, bodyParser: false },
      );
    },
    (app, parts) => mountFastify(app, parts),
  );
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

async function mountFastify(app: NestFastifyApplication, parts: SampleParts): Promise<void> {
  const { config, twoFactor, counters, sessionStore } = parts;
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  readBodiesAsExpressJson(fastify);
  const allowed = new Set(config.allowedOrigins ?? []);
  // Before the session is loaded: a refused request costs nothing.
  fastify.addHook('onRequest', async (request, reply) => {
    linkReply(request, reply);
    // API answers hold account data and 2FA state: never cached by browsers or proxies.
    reply.header('Cache-Control', 'no-store');
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (!isAllowedOrigin({ method: request.method, protocol: request.protocol, header }, allowed)) {
      return reply.code(CROSS_SITE_REQUEST.statusCode).send(CROSS_SITE_REQUEST);
    }
  });
  await app.register(fastifyCookie);
  const { session } = config;
  await app.register(fastifySession, {
    secret:
      session.secret.length >= MIN_FASTIFY_SECRET_LENGTH
        ? session.secret
        : createHash('sha256').update(session.secret).digest('hex'),
    cookieName: session.cookieName,
    // Nothing stored until something is worth keeping, and only a modified session written back:
    // @fastify/session's `rolling` would write every request's copy back, stale 2FA state
    // included (express-session's `resave`). Unmodified sessions are touched instead, below.
    saveUninitialized: false,
    rolling: false,
    store: sessionStore as never,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: session.secureCookie,
      path: '/',
      maxAge: session.idleTimeoutMs,
    },
  });
  renewIdleTimeout(fastify, session.cookieName, sessionStore);
  const initialize = passport.initialize() as unknown as Middleware;
  const restoreUser = passport.session() as unknown as Middleware;
  fastify.addHook('onRequest', async (request, reply) => {
    const current = request.session;
    const ip = twoFactor.clientIp(request as never);
    const restored = current && request.cookies[session.cookieName] === current.encryptedSessionId;
    // A session the request brought no valid cookie for: storing it counts against the address.
    if (current && !restored && ip !== undefined) {
      limitNewSessionSaves(current, ip, { counters, now: () => twoFactor.now() });
    }
    if (current && restored) renewWithConfiguredLifetime(current, session.idleTimeoutMs);
    // Before passport restores the user: a session past its absolute lifetime is already gone
    // (a new, empty one goes on, as anonymous).
    if (current && sessionOutlived(current, session.absoluteTimeoutMs, twoFactor.now())) {
      await current.regenerate();
    }
    await run(initialize, request, reply);
    // A store failure here (Redis down) reaches the exception filter: 503 before any route runs.
    await run(restoreUser, request, reply);
  });
}

/**
 * A new id for a stored session gets the configured idle timeout, as with express-session: the
 * 2FA module shortens the cookie of a session whose PIN is pending and counts on the next renewal
 * (after the PIN) to bring the configured lifetime back. @fastify/session would carry the stored
 * cookie's (shortened) lifetime over to the new session.
 */
function renewWithConfiguredLifetime(current: FastifyRequest['session'], maxAge: number): void {
  const regenerate = current.regenerate.bind(current) as (...args: unknown[]) => unknown;
  // Not enumerable: never stored, never part of what tells a modified session.
  Object.defineProperty(current, 'regenerate', {
    enumerable: false,
    value: (...args: unknown[]) => {
      current.options({ maxAge });
      return regenerate(...args);
    },
  });
}

/**
 * express-session's `rolling` with `resave: false`: each response renews the idle timeout of the
 * session it used (a new cookie expiry, `touch()` on the store) without writing the session back,
 * so a slow request can't put back a 2FA state that changed meanwhile. Runs after @fastify/session's
 * own `onSend`, which saved the sessions that were new or modified.
 */
function renewIdleTimeout(fastify: FastifyInstance, cookieName: string, store: FinalSignOutStore): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // Null once destroyed; an empty object, without an id, when the store failed to load it.
    const current = request.session as typeof request.session | null;
    if (!current?.sessionId || request.cookies[cookieName] !== current.encryptedSessionId) {
      return done(null, payload);
    }
    const insecure = current.cookie.secure === true && request.protocol !== 'https';
    if (insecure || current.isModified() || current.isSaved()) return done(null, payload);
    current.touch();
    store.touch(current.sessionId, current as never, (error?: unknown) => {
      if (error) return done(error as Error);
      // The attributes @fastify/session sets its cookie with (its Cookie's toJSON()).
      const attributes = (current.cookie as unknown as { toJSON(): object }).toJSON();
      reply.setCookie(cookieName, current.encryptedSessionId, attributes);
      done(null, payload);
    });
  });
}

function run(middleware: Middleware, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) =>
    middleware(request, reply, (error?: unknown) => (error ? reject(error) : resolve())),
  );
}
