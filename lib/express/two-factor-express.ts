import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  json,
  Router,
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { PinChannel } from '../infobip/infobip.types';
import { parseDuration } from '../infobip/time-format';
import { errorResponseOf, NO_STORE_HEADERS, toTwoFactorException } from '../module/errors/error-response';
import { checkSendPinArguments, requestUserId } from '../module/service/request-user';
import { routeRefusal } from '../module/service/route-access';
import { isProductionEnvironment } from '../module/session/session-support';
import type { TwoFactorModuleOptions } from '../module/options/two-factor-options.interface';
import { throttleSubject, twoFactorRoutes } from '../module/service/two-factor-routes';
import { TwoFactorRuntime } from '../module/runtime/two-factor.runtime';
import { TwoFactorService } from '../module/service/two-factor.service';
import { TwoFactorException } from '../module/errors/two-factor.exception';

const logger = new Logger('TwoFactorExpress');

/** Options of {@link TwoFactorExpress.sendPin}. */
export interface ExpressSendPinOptions {
  /** @default the purpose's `defaultChannel` */
  channel?: PinChannel;
  /** The user id the challenge belongs to. @default `req.user.id`, else `req.user.username` */
  userId?: (req: Request) => string | Promise<string>;
}

/** Options of {@link TwoFactorExpress.requireTwoFactor}. */
export interface ExpressRequireTwoFactorOptions {
  /**
   * Step-up: the verification must be at most this old, e.g. `15m` ({n}{unit}, unit ms|s|m|h|d).
   * @default any verification of this session
   */
  maxAge?: string;
}

/** Two-factor authentication for a plain Express app (no Nest): middleware and a router. */
export interface TwoFactorExpress {
  /** The policy: the same service the Nest module injects (events, status, cancel at logout…). */
  readonly service: TwoFactorService;
  /**
   * Middleware that sends a PIN once the handlers before it succeeded (put it after the one that
   * checks the password) and keeps the challenge in the session, whose id changes; then `next()`.
   * @example app.post('/login', passport.authenticate('local'), twoFactor.sendPin('login', (req) => req.user.phone), (req, res) => res.json({ twoFactor: 'required' }));
   */
  sendPin(
    purpose: string,
    resolveDestination: (req: Request) => string | Promise<string>,
    options?: ExpressSendPinOptions,
  ): RequestHandler;
  /**
   * Middleware that answers 401 `two_factor_required` until this session verified a PIN (within
   * `maxAge` when given); a session whose PIN is pending never passes.
   */
  requireTwoFactor(options?: ExpressRequireTwoFactorOptions): RequestHandler;
  /**
   * The routes of the Nest controller (`POST verify {pin | recoveryCode, rememberDevice?}`,
   * `POST resend {channel?}`, `GET status`, `POST recovery-codes`, `POST devices/forget`), with
   * their own JSON body parser, throttling (option `throttle`),
   * `Cache-Control: no-store` and errors `{ statusCode, code, message }`.
   * @example app.use('/2fa', twoFactor.router());
   */
  router(): Router;
  /** Error middleware that answers a `TwoFactorException` thrown anywhere (e.g. by `sendPin`); others go on. */
  errorHandler(): ErrorRequestHandler;
  /** Releases what was created at start (engine, client, stores, timers). */
  close(): Promise<void>;
}

/**
 * Checks the options exactly as `TwoFactorModule` does, binds every purpose at the provider, and
 * answers the middleware of a plain Express app (sessions from express-session).
 * @throws TwoFactorConfigurationError (rejects) naming the option and the fix, like the module.
 * @example
 * const twoFactor = await createTwoFactorExpress({ provider: { kind: 'local' }, purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } } });
 */
export async function createTwoFactorExpress(options: TwoFactorModuleOptions): Promise<TwoFactorExpress> {
  const runtime = await TwoFactorRuntime.create(options);
  const service = new TwoFactorService(runtime);
  const production = isProductionEnvironment();

  const sendPin: TwoFactorExpress['sendPin'] = (purpose, resolveDestination, sendOptions = {}) => {
    checkSendPinArguments('sendPin', purpose, resolveDestination);
    return handle(async (req) => {
      await service.start(req, {
        purpose,
        destination: await resolveDestination(req),
        userId: await requestUserId(req, purpose, sendOptions.userId),
        ...(sendOptions.channel ? { channel: sendOptions.channel } : {}),
      });
    });
  };

  const requireTwoFactor: TwoFactorExpress['requireTwoFactor'] = (requireOptions = {}) => {
    const policy = {
      require: true as const,
      ...(requireOptions.maxAge !== undefined
        ? { maxAgeMs: parseDuration(requireOptions.maxAge, 'requireTwoFactor maxAge') }
        : {}),
    };
    // Synchronous: it runs on every protected request.
    return (req, _res, next) => {
      try {
        next(routeRefusal(service, req, policy, production));
      } catch (error) {
        next(error);
      }
    };
  };

  const router = (): Router => {
    const routes = Router();
    routes.use((_req, res, next) => {
      res.set(NO_STORE_HEADERS);
      next();
    });
    routes.use(json());
    routes.use(throttle(runtime, service));
    routes.post(
      '/verify',
      answer(200, (req) => twoFactorRoutes.verify(service, req, req.body)),
    );
    routes.post(
      '/resend',
      answer(202, (req) => twoFactorRoutes.resend(service, req, req.body)),
    );
    routes.get(
      '/status',
      answer(200, async (req) => service.status(req)),
    );
    routes.post(
      '/recovery-codes',
      answer(201, (req) => twoFactorRoutes.createRecoveryCodes(service, req)),
    );
    routes.post(
      '/devices/forget',
      answer(204, (req) => twoFactorRoutes.forgetDevices(service, req)),
    );
    routes.use(renderErrors(toTwoFactorException));
    return routes;
  };

  return {
    service,
    sendPin,
    requireTwoFactor,
    router,
    errorHandler: () => renderErrors((error) => (error instanceof TwoFactorException ? error : undefined)),
    close: () => service.onApplicationShutdown(),
  };
}

/** Runs `work`, then `next()`; a failure goes to the error middleware. */
function handle(work: (req: Request) => Promise<void>): RequestHandler {
  return (req, _res, next) => {
    work(req).then(() => next(), next);
  };
}

/** Answers what `work` returns, as JSON with `status`. */
function answer(status: number, work: (req: Request) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    work(req).then(
      (body) => (body === undefined ? res.status(status).end() : res.status(status).json(body)),
      next,
    );
  };
}

/** Error middleware writing the module's error answer for what `map` recognizes. */
function renderErrors(map: (error: unknown) => TwoFactorException | undefined): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const mapped = map(error);
    if (!mapped || res.headersSent) return next(error);
    const { status, headers, body } = errorResponseOf(mapped);
    res.status(status).set(headers).json(body);
  };
}

/**
 * The module's throttling of the 2FA routes (option `throttle`, storage `throttlerStorage`, else
 * the counter store): per session while a challenge is pending, per client IP otherwise. A
 * storage that fails refuses the request with 503.
 */
function throttle(runtime: TwoFactorRuntime, service: TwoFactorService): RequestHandler {
  const limit = runtime.options.throttle;
  return (req, _res, next) => {
    if (limit === false) return next();
    const tracker = throttleSubject(req, service.clientIp(req)) ?? 'ip:';
    const key = createHash('sha256').update(`express-${req.path}-${tracker}`).digest('hex');
    runtime.throttlerStorage.increment(key, limit.ttlMs, limit.limit, 0, 'two-factor').then(
      (hit) =>
        next(
          hit.isBlocked
            ? TwoFactorException.create('rate_limited', undefined, hit.timeToBlockExpire)
            : undefined,
        ),
      (error: unknown) => {
        logger.error(`2FA throttler storage failed: ${error instanceof Error ? error.name : typeof error}`);
        next(TwoFactorException.create('provider_unavailable'));
      },
    );
  };
}
