import { NotFoundException } from '@nestjs/common';
import { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import { TwoFactorException } from 'nestjs-infobip-2fa/express';
import type { TwoFactorExpress } from 'nestjs-infobip-2fa/express';
import type passport from 'passport';
import { registerWithPin, sendSignInPin } from '../auth/pin-challenge';
import { currentUser, logIn } from '../auth/request-user';
import type { SampleConfig } from '../config/sample-config';
import { accountView } from '../core/account-view';
import { errorAnswer, writeErrorAnswer } from '../core/error-answer';
import { signOut } from '../core/sign-out';
import type { User } from '../users/user';
import { parseCredentials, parseRegistration } from '../users/user-input';
import type { UsersService } from '../users/users.service';

/** A passport instance of one app (its own strategy and serializer). */
export type SampleAuthenticator = InstanceType<typeof passport.Passport>;

/** What the routes of the plain Express sample work with. */
export interface ExpressSampleRouteContext {
  config: SampleConfig;
  twoFactor: TwoFactorExpress;
  users: UsersService;
  /** The passport instance with the app's `local` strategy. */
  authenticator: SampleAuthenticator;
}

/** The answer of register and login: the next step is `POST /2fa/verify`. */
const TWO_FACTOR_REQUIRED = { twoFactor: 'required' } as const;

/**
 * Mounts the JSON routes of DESIGN §3.5 on `app`, after the sample's middleware: `GET /health`,
 * `POST /auth/register`, `POST /auth/login`, `POST /auth/logout` (public), `GET /account` (password
 * and PIN), the 2FA module's router at `/2fa`, then a JSON 404 and the error answers: the 2FA
 * module's for its exceptions, the sample's ({@link errorAnswer}) for the rest.
 */
export function mountExpressSampleRoutes(app: Express, context: ExpressSampleRouteContext): void {
  const { config, twoFactor, users } = context;
  const service = twoFactor.service;

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // See registerWithPin: a taken username is answered exactly like a new one.
  app.post('/auth/register', async (req, res) => {
    await registerWithPin(users, service, req, parseRegistration(req.body, config.phoneRegion));
    res.status(201).json(TWO_FACTOR_REQUIRED);
  });

  // The password (which regenerates the session), then a PIN, or none from a remembered browser.
  app.post('/auth/login', checkPassword(context), async (req, res) => {
    res.json({ twoFactor: await sendSignInPin(service, req, currentUser(req) as User) });
  });

  app.post('/auth/logout', async (req, res) => {
    await signOut(req, res, config.session);
    res.status(204).end();
  });

  app.get('/account', twoFactor.requireTwoFactor(), async (req, res) => {
    const user = currentUser(req);
    // The middleware already refused unverified sessions; this covers an account deleted since.
    if (!user) throw TwoFactorException.create('two_factor_required', 'Sign in and verify your PIN first');
    res.json(await accountView(service, user));
  });

  app.use('/2fa', twoFactor.router());

  app.use((_req, _res, next) => next(new NotFoundException()));
  app.use(twoFactor.errorHandler());
  app.use(((error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    writeErrorAnswer(res, errorAnswer(error));
  }) satisfies ErrorRequestHandler);
}

/**
 * Checks the body and the password (passport-local, limited by the sign-in throttle) and signs
 * the user in at the 2FA module's time, which makes passport regenerate the session id: whatever
 * the session held before, a pending or verified second factor included, is gone.
 */
function checkPassword({ twoFactor, authenticator }: ExpressSampleRouteContext): RequestHandler {
  return (req: Request, res, next) => {
    // A malformed body is a 400, before passport turns it into a plain 401.
    parseCredentials(req.body);
    const authenticate = authenticator.authenticate(
      'local',
      { session: false },
      (error: unknown, user: User | false) => {
        if (error) return next(error);
        if (!user)
          return next(TwoFactorException.create('invalid_credentials', 'Wrong username or password'));
        logIn(req, user, twoFactor.service.now()).then(() => next(), next);
      },
    ) as RequestHandler;
    authenticate(req, res, next);
  };
}
