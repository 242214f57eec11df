import type { Request, RequestHandler } from 'express';
import type { Session, Store } from 'express-session';
import { createHash } from 'node:crypto';
import type { CounterLimit, CounterStore } from 'nestjs-infobip-2fa';
import { ipLimitSubject } from 'nestjs-infobip-2fa/express';

/** New anonymous sessions stored per client address (IPv6 per /64): 100 per 10 minutes. */
export const NEW_SESSION_LIMIT: Readonly<CounterLimit> = Object.freeze({ count: 100, windowMs: 10 * 60_000 });

/** Options of {@link newSessionLimit}. */
export interface NewSessionLimitOptions {
  /** The session store express-session was created with (it sets `generate` on it). */
  store: Store;
  counters: CounterStore;
  clientIp: (req: Request) => string | undefined;
  now: () => number;
  /** @default NEW_SESSION_LIMIT */
  limit?: CounterLimit;
}

const FRESH = Symbol('fresh anonymous session');
type StoreWithGenerate = Store & { generate?: (req: Request) => void };
type MarkedRequest = Request & { [FRESH]?: Session };

/**
 * Caps how many sessions one client address can make the app store without signing in (a form
 * page stores a session for its CSRF token): over {@link NEW_SESSION_LIMIT}, the session of an
 * anonymous request is not stored (its forms then answer "expired"), so a script fetching pages
 * can't fill the session store. Sessions made at sign-in (a new id) are never limited. Mount it
 * right after express-session; the counters are the 2FA module's (Redis when the app has it).
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
  const limit = options.limit ?? NEW_SESSION_LIMIT;
  return (req, _res, next) => {
    const session = req.session;
    const ip = options.clientIp(req);
    if (!session || (req as MarkedRequest)[FRESH] !== session || ip === undefined) return next();
    const key = `sample:new-session:${createHash('sha256').update(ipLimitSubject(ip)).digest('hex').slice(0, 32)}`;
    const save = session.save.bind(session);
    // express-session stores a new session through save(): counted then, and only then.
    Object.defineProperty(session, 'save', {
      enumerable: false,
      value: (callback?: (error?: unknown) => void) => {
        options.counters.hit(key, limit, options.now()).then(
          (hit) => (hit.allowed ? save(callback) : callback?.()),
          (error: unknown) => callback?.(error),
        );
        return session;
      },
    });
    next();
  };
}
