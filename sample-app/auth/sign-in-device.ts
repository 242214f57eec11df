import type { Request } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SampleConfig } from '../config/sample-config';
import { isSecureRequest, setReplyCookie } from '../http/http-reply';

/** How long a browser stays known for an account after a correct password: 30 days. */
export const SIGN_IN_DEVICE_LIFETIME_MS = 30 * 24 * 3_600_000;

/**
 * The "device cookie" of OWASP's advice against account lock-out: after a correct password, the
 * browser gets a cookie that names it (a random nonce) for that account, signed with the session
 * secret. Failed passwords from a known browser count against that browser only, so a stranger
 * who spends the account's budget of guesses does not lock its owner out of their own browser.
 */
export class SignInDevices {
  private readonly name: string;

  constructor(private readonly config: SampleConfig['session']) {
    this.name = config.secureCookie ? '__Host-device' : 'device';
  }

  /** The nonce of this request's device cookie when it was issued for `username`; else undefined. */
  nonceFor(req: Request, username: string): string | undefined {
    const value = cookieValue(req, this.name);
    const [nonce, signature, ...rest] = value?.split('.') ?? [];
    if (!nonce || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(username, nonce));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
  }

  /** Marks the browser as known for `username` (after its password was right); never over plain HTTP in production. */
  remember(req: Request, username: string): void {
    if (this.config.secureCookie && !isSecureRequest(req)) return;
    const nonce = randomBytes(16).toString('base64url');
    setReplyCookie(req, this.name, `${nonce}.${this.sign(username, nonce)}`, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookie,
      path: '/',
      maxAgeMs: SIGN_IN_DEVICE_LIFETIME_MS,
    });
  }

  private sign(username: string, nonce: string): string {
    return createHmac('sha256', this.config.secret)
      .update(`sign-in-device:${username.toLowerCase()}:${nonce}`)
      .digest('base64url');
  }
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
