import type { Request, RequestHandler } from 'express';
import type { Session, Store } from 'express-session';
import type { CounterLimit, CounterStore } from 'nestjs-infobip-2fa';
import { limitNewSessionSaves } from '../core/new-session-budget';

/** Options of {@link newSessionLimit}. */
export interface NewSessionLimitOptions {
  /** The session store express-session was created with (it sets `generate` on it). */
  store: Store;
  counters: CounterStore;
  clientIp: (req: Request) => string | undefined;
  now: () => number;
  /** @default NEW_SESSION_LIMIT (100 per 10 minutes) */
  limit?: CounterLimit;
}

const FRESH = Symbol('fresh anonymous session');
type StoreWithGenerate = Store & { generate?: (req: Request) => void };
type MarkedRequest = Request & { [FRESH]?: Session };

/**
 * Caps how many sessions one client address can make the app store without signing in (a form
 * page stores a session for its CSRF token): see {@link limitNewSessionSaves}. Sessions made at
 * sign-in (a new id) are never limited. Mount it right after express-session; the counters are
 * the 2FA module's (Redis when the app has it).
 */
export function newSessionLimit(options: NewSessionLimitOptions): RequestHandler {
  const store = options.store as StoreWithGenerate;
  const generate = store.generate;
  if (typeof generate !== 'function') {
    throw new Error('newSessionLimit: mount express-session with this store first');
  }
  // Marks the session express-session makes for a request that brought none.
  store.generate = (req: Request) => {
    generate.call(store, req);
    (req as MarkedRequest)[FRESH] ??= req.session;
  };
  return (req, _res, next) => {
    const session = req.session;
    const ip = options.clientIp(req);
    if (!session || (req as MarkedRequest)[FRESH] !== session || ip === undefined) return next();
    limitNewSessionSaves(session, ip, options);
    next();
  };
}
