import { createServer } from 'node:http';
import { Logger } from '@nestjs/common';
import express from 'express';
import {
  createTwoFactorExpress,
  ConsoleOutbox,
  FanoutOutbox,
  InMemoryCounterStore,
  InMemoryOutbox,
  LocalTwoFactorEngine,
  type TwoFactorModuleOptions,
} from 'nestjs-infobip-2fa/express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { RegistrationConfirmation } from '../auth/registration-confirmation';
import { SignInThrottle } from '../auth/sign-in-throttle';
import { parseSampleConfig, type SampleEnv } from '../config/sample-config';
import { twoFactorOptions } from '../config/two-factor-options';
import { deserializeSessionUser, serializeSessionUser } from '../core/session-user';
import { checkSampleStores } from '../core/store-checks';
import type { SampleAppOptions } from '../create-app';
import { finalSessionStore, sampleMiddleware } from '../http/sample-middleware';
import { SampleRedis } from '../redis/sample-redis';
import type { SampleServer } from '../sample-server';
import type { User } from '../users/user';
import { InMemoryUserStore } from '../users/in-memory-user.store';
import { RedisUserStore } from '../users/redis-user.store';
import { UsersService } from '../users/users.service';
import { mountExpressSampleRoutes, type SampleAuthenticator } from './express-sample-routes';

/**
 * Builds the sample app as a plain Express app (`SAMPLE_PLATFORM=express`), without listening:
 * the same JSON routes, bodies, codes, headers and limits as on Nest, with the 2FA module's
 * options, passport-local and express-session, on `nestjs-infobip-2fa/express`. Loads no Nest
 * core. With `REDIS_URL`, sessions, accounts, counters and the engine's state live in Redis.
 *
 * @throws SampleConfigError when the environment is incomplete or Redis can't be reached;
 *   TwoFactorConfigurationError when the 2FA options are refused (as the module refuses them).
 */
export async function createExpressSample(
  env: SampleEnv,
  options: SampleAppOptions = {},
): Promise<SampleServer> {
  const { logger, ...overrides } = options;
  // Like NestFactory's `logger` option: where the Logger of every part (2FA module included) writes.
  if (logger !== undefined) Logger.overrideLogger(logger);
  const config = parseSampleConfig(env);
  const redis = config.redis ? await SampleRedis.connect(config.redis) : null;
  const closers: (() => Promise<void> | void)[] = [() => redis?.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    checkSampleStores(config, overrides, redis);
    if (config.session.secretGenerated) {
      new Logger('SampleApp').warn(
        'SESSION_SECRET is not set: using a random one, sessions end when the process stops',
      );
    }
    const local = withLocalEngine(twoFactorOptions(config, overrides, redis));
    if (local.created) closers.push(() => local.engine?.close());
    let counters = local.options.counterStore;
    if (!counters) {
      const created = new InMemoryCounterStore();
      closers.push(() => created.close());
      counters = created;
    }
    const twoFactor = await createTwoFactorExpress({ ...local.options, counterStore: counters });
    closers.push(() => twoFactor.close());
    const service = twoFactor.service;
    // Unconfirmed accounts expire on the 2FA module's clock.
    const now = (): number => service.now();
    const users = new UsersService(
      redis ? new RedisUserStore(redis.client, redis.prefix, now) : new InMemoryUserStore(now),
    );
    const confirmation = new RegistrationConfirmation(service, users);
    confirmation.onModuleInit();
    closers.push(() => confirmation.onModuleDestroy());
    const authenticator = localPassport(users, new SignInThrottle(counters, service, users, config.session));

    const app = express();
    app.disable('x-powered-by');
    // Behind the reverse proxies of TRUSTED_PROXIES (TLS termination): trust their X-Forwarded-Proto.
    if (config.abuse.trustedProxies) app.set('trust proxy', config.abuse.trustedProxies);
    app.use(
      sampleMiddleware({
        config,
        sessionStore: finalSessionStore({ config, overrides, redis, twoFactor: service, counters }),
        twoFactor: service,
        counters,
        authenticator,
      }),
    );
    mountExpressSampleRoutes(app, { config, twoFactor, users, authenticator });
    const server = createServer(app);
    return {
      platform: 'express',
      server,
      engine: local.engine,
      outbox: local.outbox,
      twoFactor: service,
      nestApp: undefined,
      close: async () => {
        if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * A passport instance of this app only: the `local` strategy (username and password, limited by
 * the sign-in throttle; an unknown user and a wrong password fail alike) and a session that keeps
 * only the user's id.
 */
function localPassport(users: UsersService, signIn: SignInThrottle): SampleAuthenticator {
  const authenticator = new passport.Passport();
  authenticator.use(
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      signIn.checkCredentials(req, { username, password }).then((user) => done(null, user ?? false), done);
    }),
  );
  authenticator.serializeUser<string>((user, done) => done(null, serializeSessionUser(user as User)));
  authenticator.deserializeUser<unknown>((id, done) => {
    deserializeSessionUser(users, id).then((user) => done(null, user), done);
  });
  return authenticator;
}

/**
 * The options with the embedded engine made explicit (`TWO_FACTOR_PROVIDER=local`), as the module
 * would create it, so that the app can hand out its clock and outbox; `created` when it was
 * made here (the app then closes it).
 */
function withLocalEngine(options: TwoFactorModuleOptions): {
  options: TwoFactorModuleOptions;
  engine: LocalTwoFactorEngine | undefined;
  outbox: InMemoryOutbox | undefined;
  created: boolean;
} {
  const provider = options.provider ?? { kind: 'local' };
  if (provider.kind !== 'local') return { options, engine: undefined, outbox: undefined, created: false };
  if (provider.engine) {
    const outbox = provider.engine.outbox instanceof InMemoryOutbox ? provider.engine.outbox : undefined;
    return { options, engine: provider.engine, outbox, created: false };
  }
  const outbox = new InMemoryOutbox();
  const engine = new LocalTwoFactorEngine({
    outbox: provider.console ? new FanoutOutbox([outbox, new ConsoleOutbox()]) : outbox,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { options: { ...options, provider: { kind: 'local', engine } }, engine, outbox, created: true };
}
