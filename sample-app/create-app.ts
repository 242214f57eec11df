import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import passport from 'passport';
import type { SampleEnv } from './config/sample-config';
import { absoluteTimeout } from './http/absolute-timeout.middleware';
import { bodyParserErrors } from './http/body-parser-errors.middleware';
import { originCheck } from './http/origin-check.middleware';
import { sessionErrors } from './http/session-errors.middleware';
import { newSessionLimit } from './http/new-session-limit.middleware';
import { sessionMiddleware } from './http/session.middleware';
import { buildNestSample, type SampleAppOptions } from './nest-sample';

export type { SampleAppOptions } from './nest-sample';

/** JSON bodies above this size are refused with 413. */
const JSON_BODY_LIMIT = '10kb';

// API answers hold account data and 2FA state: never cached by browsers or proxies.
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * Builds and initialises the sample app on Nest and Express from an environment (see README),
 * without listening. With `REDIS_URL` it connects to Redis first; closing the app closes that
 * connection.
 *
 * @throws SampleConfigError when the environment is incomplete or Redis can't be reached (the
 *   message names the variable).
 * @example
 * const app = await createSampleApp(process.env);
 * await app.listen(3000);
 */
export function createSampleApp(env: SampleEnv, options: SampleAppOptions = {}): Promise<INestApplication> {
  return buildNestSample(
    env,
    options,
    (module, nestOptions) =>
      NestFactory.create<NestExpressApplication>(module, { ...nestOptions, bodyParser: false }),
    async (app, { config, twoFactor, counters, sessionStore }) => {
      app.disable('x-powered-by');
      // Behind the reverse proxies of TRUSTED_PROXIES (TLS termination): trust their X-Forwarded-Proto
      // so cookies can be Secure; anyone else reaching the port is believed nothing.
      if (config.abuse.trustedProxies) app.set('trust proxy', config.abuse.trustedProxies);
      app.use(noStore);
      // Before the body parser and the session: a refused request costs nothing.
      app.use(originCheck({ allowedOrigins: config.allowedOrigins }));
      app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
      app.use(bodyParserErrors);
      app.use(sessionMiddleware(config.session, sessionStore));
      app.use(
        newSessionLimit({
          store: sessionStore,
          counters,
          clientIp: (req) => twoFactor.clientIp(req),
          now: () => twoFactor.now(),
        }),
      );
      // Before passport restores the user: a session past its absolute lifetime is already gone.
      // Sign-in times are stamped by the 2FA module's clock (the `clock` override, if any).
      app.use(absoluteTimeout({ lifetimeMs: config.session.absoluteTimeoutMs, now: () => twoFactor.now() }));
      app.use(passport.initialize());
      app.use(passport.session());
      // A session store that fails (Redis down) answers 503 before any route runs.
      app.use(sessionErrors);
    },
  );
}
