import type { RequestHandler } from 'express';
import session, { type Store } from 'express-session';
import { checkSessionOptions } from 'nestjs-infobip-2fa/express';
import type { SampleConfig } from '../config/sample-config';

/**
 * Cookie sessions (express-session). HttpOnly, SameSite=Lax, Path=/; in production also
 * Secure with the `__Host-` prefix (no Domain, HTTPS only). Idle timeout of 30 minutes, renewed
 * by each request (`rolling`); while a PIN is pending the 2FA module shortens it to the PIN's
 * lifetime plus a minute. The absolute timeout (`absoluteTimeout`) runs right after this
 * middleware. Nothing is stored until something is worth keeping
 * (`saveUninitialized: false`), and only modified sessions are written back (`resave: false`).
 *
 * Without a `store`, express-session's MemoryStore keeps sessions in this process only: one
 * instance, lost on restart, and refused by the 2FA module in production.
 */
export function sessionMiddleware(config: SampleConfig['session'], store?: Store): RequestHandler {
  // checkSessionOptions: the 2FA module's own check of resave, saveUninitialized and store.
  const options = checkSessionOptions({
    name: config.cookieName,
    secret: config.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookie,
      path: '/',
      maxAge: config.idleTimeoutMs,
    },
    ...(store ? { store } : {}),
  });
  return session(options);
}
