import type { RequestHandler } from 'express';
import type { SessionData } from 'express-session';

/** Options of {@link absoluteTimeout}. */
export interface AbsoluteTimeoutOptions {
  /** How long a session lives after its password sign-in, in milliseconds, however active. */
  lifetimeMs: number;
  /** Now, epoch milliseconds, by the clock that stamped `signedInAt` (the 2FA module's). */
  now: () => number;
}

// What the store gave back, read as unknown: the check must not rely on its shape.
type StoredFields = { [K in keyof SessionData]?: unknown } & { passport?: { user?: unknown } };

/**
 * Absolute session timeout; goes right after the session middleware. The idle timeout alone
 * lets a session that keeps making requests live forever: this one ends it `lifetimeMs` after
 * the password sign-in (`signedInAt`, written by the server at sign-in and never taken from
 * the request). The session is destroyed in the store and the request goes on with a fresh,
 * empty one, as anonymous: the API answers 401, the pages send to the sign-in form.
 *
 * A session with a signed-in user but no valid `signedInAt` (one written before this check
 * existed, or tampered with in the store) ends too: its age is unknown.
 */
export function absoluteTimeout(options: AbsoluteTimeoutOptions): RequestHandler {
  const { lifetimeMs, now } = options;
  return (req, _res, next) => {
    const session = req.session as (typeof req.session & StoredFields) | undefined;
    if (!session) return next();
    const { signedInAt } = session;
    const signedIn = session.passport?.user !== undefined;
    if (signedInAt === undefined && !signedIn) return next();
    if (typeof signedInAt === 'number' && Number.isFinite(signedInAt) && now() - signedInAt <= lifetimeMs) {
      return next();
    }
    // regenerate(): destroys the stored session, then gives the request a new, empty one (only
    // saved, with a new cookie, if something is written to it). A store failure goes to the
    // error handlers like any other (503 while Redis is down).
    session.regenerate((error: unknown) => next(error));
  };
}
