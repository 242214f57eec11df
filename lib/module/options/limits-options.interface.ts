/**
 * Send limits in Infobip's `{k}/{n}{unit}` grammar (`5/1d`: five per day), counted in
 * the module's `CounterStore` so that they hold across instances, and **per purpose**:
 * sends of one purpose never use up another's budget. Resends count as sends. A send over any limit is refused with 429 `rate_limited` and `Retry-After`,
 * nothing is sent, and the `limited` event fires. `false` turns a limit off.
 */
export interface TwoFactorSendLimitsOptions {
  /**
   * PINs of the purpose sent to one phone number or email address.
   * @default '5/1d'
   */
  perDestination?: string | false;
  /**
   * PINs of the purpose sent for one user (`userId`).
   * @default '10/1d'
   */
  perUser?: string | false;
  /**
   * PINs of the purpose sent for one client IP address (IPv6 counted per /64), as
   * `trustedProxies` finds it. Raise it when many users share an address (offices, carrier NAT).
   * @default '50/1h'
   */
  perIp?: string | false;
  /**
   * PINs of the purpose sent by this application altogether: the budget that caps an
   * SMS-pumping attack.
   * @default '1000/1h'
   */
  global?: string | false;
}

/** Rate limit of the 2FA controller's routes, per session (or per IP without one). */
export interface TwoFactorThrottleOptions {
  /**
   * Requests per window per route.
   * @default 10
   */
  limit: number;
  /**
   * Window, in milliseconds or as a duration like `1m`.
   * @default `1m`
   */
  ttl: number | string;
}
