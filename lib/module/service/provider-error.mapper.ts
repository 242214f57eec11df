import { Logger } from '@nestjs/common';
import { InfobipApiError } from '../../infobip/infobip-api.error';
import { redactForLog } from './log-redaction';
import { TwoFactorException } from '../errors/two-factor.exception';

/** What the module was doing when the provider failed. */
export type ProviderOperation = 'send' | 'verify' | 'resend';

/** What the mapping needs to know about the challenge. */
export interface ChallengeFacts {
  now: number;
  expiresAt?: number;
  attemptsRemaining?: number;
}

/**
 * A provider failure as the client should see it. Anything not understood is
 * `provider_unavailable`: nothing was verified (fail closed). The log line
 * carries the provider's answer, never credentials, PINs or pinIds, with phone
 * numbers and email addresses a provider may echo replaced.
 */
export function mapProviderError(
  error: unknown,
  operation: ProviderOperation,
  facts: ChallengeFacts,
  logger: Logger,
): TwoFactorException {
  if (error instanceof TwoFactorException) return error;
  if (error instanceof InfobipApiError) {
    if (error.status === 429) {
      return TwoFactorException.create('rate_limited', undefined, error.retryAfterSeconds ?? 1);
    }
    if (operation !== 'send' && error.status === 404) return TwoFactorException.create('no_challenge');
    if (operation === 'resend' && error.status === 400) {
      if (facts.expiresAt !== undefined && facts.now >= facts.expiresAt)
        return TwoFactorException.create('pin_expired');
      if (facts.attemptsRemaining === 0) return TwoFactorException.create('too_many_attempts');
      return TwoFactorException.create('no_challenge', 'This code can no longer be sent. Start again.');
    }
    logger.error(`2FA provider failed to ${operation}: ${redactForLog(error.message)}`);
  } else {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    logger.error(`2FA provider failed to ${operation}: ${redactForLog(reason)}`);
  }
  return TwoFactorException.create('provider_unavailable');
}

/**
 * Whether a failed send or resend says the provider no longer knows the purpose's
 * application or template (its state was lost, or they were deleted): a 404 that,
 * for a send, can only mean that (a send names no pinId), and for a resend must
 * name them (else it is the pinId that is unknown). Nothing was sent.
 */
export function isLostBinding(error: unknown, operation: 'send' | 'resend'): boolean {
  if (!(error instanceof InfobipApiError) || error.status !== 404) return false;
  return operation === 'send' || /\b(application|template)\b/i.test(error.text);
}
