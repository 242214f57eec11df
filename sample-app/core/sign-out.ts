import type { Request, Response } from 'express';
import { logOutAndDestroy } from '../auth/request-user';
import type { SampleConfig } from '../config/sample-config';

/**
 * `POST /auth/logout`: signs out, destroys the server-side session (its id can never be used
 * again) and clears the session cookie. A session with nobody in it is left alone.
 */
export async function signOut(req: Request, res: Response, session: SampleConfig['session']): Promise<void> {
  // Only a session that holds a user or a 2FA state has anything to end: signing out an empty
  // one would have passport save it and the store mark its id, writes anyone could repeat freely.
  if (req.user || (req.session as { twoFactor?: unknown } | undefined)?.twoFactor) {
    await logOutAndDestroy(req);
  }
  res.clearCookie(session.cookieName, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: session.secureCookie,
  });
}
