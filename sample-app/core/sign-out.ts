import type { Request, Response } from 'express';
import { logOutAndDestroy } from '../auth/request-user';
import type { SampleConfig } from '../config/sample-config';

/**
 * `POST /auth/logout`: signs out, destroys the server-side session (its id can never be used
 * again) and clears the session cookie.
 */
export async function signOut(req: Request, res: Response, session: SampleConfig['session']): Promise<void> {
  await logOutAndDestroy(req);
  res.clearCookie(session.cookieName, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: session.secureCookie,
  });
}
