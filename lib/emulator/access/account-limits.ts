import type { Clock } from '../../engine/clock';
import { InfobipApiError } from '../../infobip/infobip-api.error';

/** One account-level limit: `count` requests per `windowMs`. */
export interface AccountLimit {
  count: number;
  windowMs: number;
}

const TEN_MINUTES = 10 * 60_000;

/**
 * The `x-throttling-info` of Infobip's 2FA spec (v3.210.0), by operationId:
 * limits per account, unrelated to the per-application PIN limits. Operations
 * not listed have none published.
 */
export const ACCOUNT_LIMITS: Readonly<Record<string, AccountLimit>> = Object.freeze({
  'get-2fa-applications': { count: 50, windowMs: TEN_MINUTES },
  'create-2fa-application': { count: 20, windowMs: TEN_MINUTES },
  'get-2fa-application': { count: 100, windowMs: TEN_MINUTES },
  'update-2fa-application': { count: 40, windowMs: TEN_MINUTES },
  'create-2fa-email-message-template': { count: 20, windowMs: TEN_MINUTES },
  'update-2fa-email-message-template': { count: 40, windowMs: TEN_MINUTES },
});

/**
 * Counts requests per operation in fixed windows that open with the first
 * request and follow the engine's clock (so `POST /_emulator/clock` moves
 * them), like the engine's own limits. The emulator has one account, so one
 * counter per operation.
 */
export class AccountLimits {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly clock: Clock) {}

  /**
   * Counts one request of `operationId`.
   * @throws InfobipApiError 429 TOO_MANY_REQUESTS with `retryAfterSeconds` past the limit.
   */
  take(operationId: string): void {
    const limit = ACCOUNT_LIMITS[operationId];
    if (!limit) return;
    const now = this.clock.now();
    let window = this.windows.get(operationId);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + limit.windowMs };
      this.windows.set(operationId, window);
    }
    if (window.count >= limit.count) {
      throw InfobipApiError.tooManyRequests(Math.ceil((window.resetAt - now) / 1000));
    }
    window.count++;
  }
}
