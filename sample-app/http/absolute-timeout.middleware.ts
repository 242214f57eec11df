import type { RequestHandler } from 'express';
import { sessionOutlived } from '../core/session-lifetime';

/** Options of {@link absoluteTimeout}. */
export interface AbsoluteTimeoutOptions {
  /** How long a session lives after its password sign-in, in milliseconds, however active. */
  lifetimeMs: number;
  /** Now, epoch milliseconds, by the clock that stamped `signedInAt` (the 2FA module's). */
  now: () => number;
}

/**
 * Absolute session timeout; goes right after the session middleware. The idle timeout alone
 * lets a session that keeps making requests live forever: this one ends it `lifetimeMs` after
 * the password sign-in (see {@link sessionOutlived}). The session is destroyed in the store and
 * the request goes on with a fresh, empty one, as anonymous: the API answers 401, the pages send
 * to the sign-in form.
 */
export function absoluteTimeout(options: AbsoluteTimeoutOptions): RequestHandler {
  const { lifetimeMs, now } = options;
  return (req, _res, next) => {
    const session = req.session;
    if (!session || !sessionOutlived(session, lifetimeMs, now())) return next();
    // regenerate(): destroys the stored session, then gives the request a new, empty one (only
    // saved, with a new cookie, if something is written to it). A store failure goes to the
    // error handlers like any other (503 while Redis is down).
    session.regenerate((error: unknown) => next(error));
  };
}
