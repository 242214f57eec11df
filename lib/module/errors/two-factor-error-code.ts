/**
 * Machine-readable codes of the module's HTTP errors, with their status.
 * Clients branch on `code`; the message is for people.
 */
export const TWO_FACTOR_ERROR_STATUS = {
  /** Malformed input (a PIN of the wrong type, alphabet or length; an unknown channel). */
  bad_request: 400,
  /** The route needs a second factor this session hasn't (recently) given. */
  two_factor_required: 401,
  /** Wrong username or password (for applications that reuse the module's error format). */
  invalid_credentials: 401,
  /** Wrong PIN; `GET /2fa/status` tells how many attempts are left. */
  invalid_pin: 401,
  /** The PIN's lifetime has passed; sign in again for a new one. */
  pin_expired: 401,
  /** The challenge is spent, no more resends, or the account is locked for a while. */
  too_many_attempts: 403,
  /** No challenge to verify or resend in this session. */
  no_challenge: 409,
  /** Too fast: wait the `Retry-After` seconds. */
  rate_limited: 429,
  /** The 2FA provider failed or answered something unexpected; nothing was verified. */
  provider_unavailable: 503,
} as const;

/** One of the module's error codes. */
export type TwoFactorErrorCode = keyof typeof TWO_FACTOR_ERROR_STATUS;

/** Every error code, in a stable order. */
export const TWO_FACTOR_ERROR_CODES = Object.keys(TWO_FACTOR_ERROR_STATUS) as TwoFactorErrorCode[];

/** Default message of each code: safe to show, saying nothing about PINs or destinations. */
export const TWO_FACTOR_ERROR_MESSAGES: Record<TwoFactorErrorCode, string> = {
  bad_request: 'The request is malformed.',
  two_factor_required: 'Two-factor verification is required.',
  invalid_credentials: 'Invalid credentials.',
  invalid_pin: 'The code is not valid.',
  pin_expired: 'The code has expired. Request a new one.',
  too_many_attempts: 'Too many attempts. Request a new code later.',
  no_challenge: 'There is no verification in progress.',
  rate_limited: 'Too many requests. Try again later.',
  provider_unavailable: 'Verification is unavailable right now. Try again later.',
};
