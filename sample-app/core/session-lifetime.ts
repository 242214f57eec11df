import type { SessionData } from 'express-session';

// What the store gave back, read as unknown: the check must not rely on its shape.
type StoredFields = { [K in keyof SessionData]?: unknown } & { passport?: { user?: unknown } };

/**
 * Whether a session outlived its absolute lifetime: `lifetimeMs` after the password sign-in
 * (`signedInAt`, written by the server at sign-in and never taken from the request), however
 * active it was. A session with a signed-in user but no valid `signedInAt` (one written before
 * this check existed, or tampered with in the store) has outlived it too: its age is unknown.
 * An anonymous session never has.
 *
 * @param session the request's session (express-session's or @fastify/session's).
 * @param now now, epoch milliseconds, by the clock that stamped `signedInAt` (the 2FA module's).
 */
export function sessionOutlived(session: object, lifetimeMs: number, now: number): boolean {
  const { signedInAt, passport } = session as StoredFields;
  const signedIn = passport?.user !== undefined;
  if (signedInAt === undefined && !signedIn) return false;
  return !(typeof signedInAt === 'number' && Number.isFinite(signedInAt) && now - signedInAt <= lifetimeMs);
}
