import type { TwoFactorException, TwoFactorSessionState } from 'nestjs-infobip-2fa';

const EXPIRED = 'This code has expired. Send a new one to continue.';
const NO_CHALLENGE = 'No code is waiting for this browser. Sign in to get one.';
const BLOCKED = 'Too many wrong codes: this one is blocked. Send a new one to continue.';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function wait(error: TwoFactorException): string {
  return plural(error.retryAfterSeconds ?? 1, 'second');
}

/** What the verify page says about a failed verification; `state` is the session's after it. */
export function verifyErrorText(error: TwoFactorException, state: TwoFactorSessionState | undefined): string {
  switch (error.code) {
    case 'invalid_pin': {
      const left = state?.attemptsRemaining;
      if (left === 0) return `That code is not right, and it was the last attempt. ${BLOCKED}`;
      return `That code is not right.${left === undefined ? '' : ` ${plural(left, 'attempt')} left.`}`;
    }
    case 'pin_expired':
      return EXPIRED;
    case 'too_many_attempts':
      return BLOCKED;
    case 'rate_limited':
      return `Too many tries in a short time. Wait ${wait(error)}, then try again.`;
    case 'no_challenge':
      return NO_CHALLENGE;
    case 'provider_unavailable':
      return 'Verification is unavailable right now. Try again in a moment.';
    default:
      // bad_request: the module's message says what the code must look like.
      return error.message;
  }
}

/** What the recovery-code page says about a refused code. */
export function recoveryErrorText(error: TwoFactorException): string {
  switch (error.code) {
    case 'invalid_pin':
      return 'That recovery code is not valid, or was already used.';
    case 'too_many_attempts':
      return 'Too many wrong codes for this account. Wait a while, then sign in again.';
    default:
      return verifyErrorText(error, undefined);
  }
}

/** What the verify page says about a refused resend. */
export function resendErrorText(error: TwoFactorException): string {
  switch (error.code) {
    case 'rate_limited':
      return `Wait ${wait(error)} before asking for the code again.`;
    case 'too_many_attempts':
      return 'No more codes can be sent for this sign-in. Wait a while, then sign in again.';
    case 'pin_expired':
      return EXPIRED;
    case 'no_challenge':
      return NO_CHALLENGE;
    case 'provider_unavailable':
      return 'We could not send the code right now. Try again in a moment.';
    default:
      return error.message;
  }
}

/** What the verify page says when no PIN could be sent after the password was accepted. */
export function startErrorText(error: TwoFactorException): string {
  switch (error.code) {
    case 'too_many_attempts':
      return 'Too many wrong codes for this account. Wait a while, then sign in again.';
    case 'rate_limited':
      return 'Too many codes were sent lately. Try again later.';
    case 'provider_unavailable':
      return 'We could not send you a code right now. Try again in a moment.';
    default:
      return error.message;
  }
}
