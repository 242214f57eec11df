import { createHmac, randomBytes } from 'node:crypto';
import type { TwoFactorRequest } from '../session/two-factor-request';
import type { Clock } from '../../engine/clock';
import type { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import { userKey } from '../limits/counter-keys';
import { clearResponseCookie, setResponseCookie } from '../session/http-platform';

/** Name of the cookie that carries a remembered device's token. */
export const REMEMBERED_DEVICE_COOKIE = 'tfa_device';

/** 256 random bits, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * "Remember this device": an opaque random token in an HttpOnly, `SameSite=Lax`
 * cookie (`Secure` in production and over HTTPS), kept server-side only as an HMAC digest bound to
 * the user, for `lifetimeMs`; revocable per user.
 */
export class RememberedDevices {
  constructor(
    private readonly store: RememberedDeviceStore,
    private readonly secret: Buffer,
    /** `false`: the feature is off. */
    readonly lifetimeMs: number | false,
    private readonly secureCookie: boolean,
    private readonly clock: Clock,
  ) {}

  /** Remembers the browser of `req` for the user, setting its cookie on the response. */
  async remember(req: TwoFactorRequest, userId: string): Promise<void> {
    if (this.lifetimeMs === false) return;
    const token = randomBytes(32).toString('base64url');
    const key = userKey(userId);
    const now = this.clock.now();
    await this.store.add(key, this.digest(key, token), now + this.lifetimeMs, now);
    setResponseCookie(req, REMEMBERED_DEVICE_COOKIE, token, {
      ...this.cookieOptions(req),
      maxAgeMs: this.lifetimeMs,
    });
  }

  /** Whether the browser of `req` carries a device the user asked to remember, still valid. */
  async recognizes(req: TwoFactorRequest, userId: string): Promise<boolean> {
    if (this.lifetimeMs === false) return false;
    const token = readCookie(req, REMEMBERED_DEVICE_COOKIE);
    if (!token || !TOKEN.test(token)) return false;
    const key = userKey(userId);
    return this.store.has(key, this.digest(key, token), this.clock.now());
  }

  /** Forgets every device of the user, and clears the cookie of the browser of `req`, if any. */
  async forgetAll(userId: string, req?: TwoFactorRequest): Promise<void> {
    await this.store.forgetAll(userKey(userId));
    if (req) clearResponseCookie(req, REMEMBERED_DEVICE_COOKIE, this.cookieOptions(req));
  }

  // Secure in production, and on any request that came over HTTPS (Express's `req.secure`,
  // Fastify's `request.protocol`).
  private cookieOptions(req: TwoFactorRequest) {
    const secure =
      this.secureCookie ||
      (req as { secure?: unknown }).secure === true ||
      (req as { protocol?: unknown }).protocol === 'https';
    return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
  }

  private digest(key: string, token: string): string {
    return createHmac('sha256', this.secret).update(`device:${key}:${token}`).digest('base64url');
  }
}

/** One cookie of the request's `Cookie` header (no cookie-parser needed). */
function readCookie(req: TwoFactorRequest, name: string): string | undefined {
  const header = req.headers?.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
