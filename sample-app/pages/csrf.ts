import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import './page-session';

/** Name of the hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';

/**
 * The session's form token (synchronizer token pattern), made on first use: 256 random bits.
 * A new session (sign-in, verification, sign-out) gets a new token.
 */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/**
 * Whether the form of this request carries the session's token. Compared in constant time;
 * a session without a token (expired, or never shown a form) matches nothing.
 */
export function hasValidCsrfToken(req: Request): boolean {
  const expected = req.session?.csrfToken;
  const body = req.body as Record<string, unknown> | undefined;
  const given = body?.[CSRF_FIELD];
  if (typeof expected !== 'string' || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
