import type { Request } from 'express';
import type { User } from '../users/user';

/** The signed-in account of this request (restored from the session by passport), if any. */
export function currentUser(req: Request): User | undefined {
  return req.user as User | undefined;
}

/** Signs `user` in. Passport 0.7 regenerates the session id first (no session fixation). */
export function logIn(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (error) => (error ? reject(error) : resolve())));
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
