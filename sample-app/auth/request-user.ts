import type { Request } from 'express';
import type { SessionData } from 'express-session';
import type { User } from '../users/user';

declare module 'express-session' {
  interface SessionData {
    /**
     * When the password was checked (epoch ms, the 2FA module's clock): the start of the
     * session's absolute lifetime. Written only by the server, at sign-in.
     */
    signedInAt?: number;
  }
}

/** The session field of {@link SessionData.signedInAt}, kept when the 2FA module renews the id. */
export const SIGNED_IN_AT_FIELD = 'signedInAt' satisfies keyof SessionData;

/** The signed-in account of this request (restored from the session by passport), if any. */
export function currentUser(req: Request): User | undefined {
  return req.user as User | undefined;
}

/**
 * Signs `user` in, the password just checked: `signedInAt` (epoch ms) starts the session's
 * absolute lifetime. Passport 0.7 regenerates the session id first (no session fixation).
 */
export async function logIn(req: Request, user: User, signedInAt: number): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.logIn(user, (error) => (error ? reject(error) : resolve())),
  );
  req.session.signedInAt = signedInAt;
}

/** Signs out (passport 0.7 gives the session a new id, without the user). */
export function logOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
}

/** Signs out and destroys the server-side session, so its id can never be used again. */
export async function logOutAndDestroy(req: Request): Promise<void> {
  await logOut(req);
  await new Promise<void>((resolve, reject) =>
    req.session.destroy((error) => (error ? reject(error) : resolve())),
  );
}
