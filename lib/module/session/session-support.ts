import { Logger } from '@nestjs/common';
import type { TwoFactorRequest } from './two-factor-request';
import type { RequestWithSession } from './two-factor-session';
import { TwoFactorException } from '../errors/two-factor.exception';
import { FinalSignOutStore } from './final-sign-out.store';

const logger = new Logger('TwoFactorModule');

/** Whether `NODE_ENV` is `production`. The module reads it once, when its providers are built. */
export function isProductionEnvironment(): boolean {
  return process.env.NODE_ENV === 'production';
}

/**
 * Fails (500, with the fix in the log) when express-session isn't mounted in
 * front of the route, or is unfit for 2FA: no `regenerate()`, or its in-memory
 * store in production.
 * @param production whether to refuse express-session's MemoryStore; default: `NODE_ENV` now.
 */
export function requireSession(
  req: TwoFactorRequest,
  production: boolean = isProductionEnvironment(),
): RequestWithSession {
  const session = (req as Partial<RequestWithSession>).session;
  let problem: string | undefined;
  if (!session) {
    problem =
      'req.session is missing. Fix: mount express-session before Nest routes, e.g. ' +
      'app.use(session({ secret, resave: false, saveUninitialized: false })) ' +
      '(on Fastify: app.register(fastifyCookie) then app.register(fastifySession, { secret }))';
  } else if (typeof session.regenerate !== 'function') {
    problem =
      'req.session has no regenerate(), so the session id cannot be renewed at login. ' +
      'Fix: use express-session or @fastify/session (cookie-session is not supported)';
  } else if (production && inMemoryStore((req as { sessionStore?: object }).sessionStore)) {
    problem =
      'the session middleware uses its in-memory store in production. ' +
      "Fix: pass a shared store (e.g. connect-redis' RedisStore)";
  }
  // Not logged here: the 500 it becomes is logged once, with this message, by Nest's exception handler.
  if (problem) throw new Error(`TwoFactorModule: ${problem}`);
  return req as RequestWithSession;
}

/**
 * Gives the request a new session (new id, so a session id fixed before login is
 * worthless), carrying over only the fields in `keep`.
 * @throws TwoFactorException `provider_unavailable` when the session store fails (e.g. Redis down).
 */
export async function regenerateSession(req: RequestWithSession, keep: readonly string[]): Promise<void> {
  const old = req.session as unknown as Record<string, unknown>;
  const carried = keep.filter((k) => old[k] !== undefined).map((k) => [k, old[k]] as const);
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())),
  ).catch((error: unknown) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    logger.error(`the session store failed to regenerate a session: ${reason}`);
    throw TwoFactorException.create('provider_unavailable');
  });
  const fresh = req.session as unknown as Record<string, unknown>;
  for (const [key, value] of carried) fresh[key] = value;
}

/** The options of express-session (or @fastify/session) that {@link checkSessionOptions} checks. */
export interface SessionOptionsToCheck {
  resave?: boolean;
  saveUninitialized?: boolean;
  store?: object;
}

/**
 * Checks express-session options for 2FA and returns them unchanged:
 * `resave: false` (a slow request could otherwise write back a stale 2FA state),
 * `saveUninitialized: false`, and a real store in production.
 *
 * @example
 * app.use(session(checkSessionOptions({ secret, resave: false, saveUninitialized: false })));
 * @throws Error naming the option and the fix.
 */
export function checkSessionOptions<const T extends SessionOptionsToCheck>(options: T): T {
  if (options?.resave !== false) {
    throw new Error('TwoFactorModule: express-session option resave must be false. Fix: pass resave: false');
  }
  if (options.saveUninitialized !== false) {
    throw new Error(
      'TwoFactorModule: express-session option saveUninitialized must be false. Fix: pass saveUninitialized: false',
    );
  }
  if (process.env.NODE_ENV === 'production' && !options.store) {
    throw new Error(
      'TwoFactorModule: express-session has no store in production, so it would use its MemoryStore. ' +
        "Fix: pass a shared store (e.g. connect-redis' RedisStore)",
    );
  }
  return options;
}

/**
 * Shortens the session cookie (and the stored session, for stores that follow
 * it) to `maxAgeMs` unless it is configured shorter.
 * @returns the lifetime the cookie had, when this shortened it (see {@link restoreSessionLifetime}).
 */
export function limitSessionLifetime(
  cookie: { maxAge?: number | null } | undefined,
  maxAgeMs: number,
): number | undefined {
  if (!cookie || (typeof cookie.maxAge === 'number' && cookie.maxAge <= maxAgeMs)) return undefined;
  const before = cookie.maxAge;
  cookie.maxAge = maxAgeMs;
  return typeof before === 'number' ? before : undefined;
}

/**
 * Gives a renewed session's cookie back the lifetime {@link limitSessionLifetime} took from it.
 * express-session builds a renewed session's cookie from its settings already; @fastify/session
 * copies the old session's cookie, shortened lifetime included.
 */
export function restoreSessionLifetime(
  cookie: { maxAge?: number | null } | undefined,
  maxAgeMs: number | undefined,
): void {
  if (cookie && maxAgeMs !== undefined && typeof cookie.maxAge === 'number' && cookie.maxAge < maxAgeMs) {
    cookie.maxAge = maxAgeMs;
  }
}

/** Class name of the session store, looking through a {@link FinalSignOutStore}. */
/** express-session's MemoryStore, or @fastify/session's default store (a `Store` over a Map). */
function inMemoryStore(store: object | undefined): boolean {
  const inner = (store instanceof FinalSignOutStore ? store.store : store) as { store?: unknown } | undefined;
  const name = inner?.constructor?.name;
  return name === 'MemoryStore' || (name === 'Store' && inner?.store instanceof Map);
}
