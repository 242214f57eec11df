import type { Logger } from '@nestjs/common';
import type { TwoFactorRequest } from '../session/two-factor-request';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import type { ChallengeEvents } from './challenge-events';
import { mapProviderError, type ProviderOperation } from './provider-error.mapper';
import type { SendPolicy } from '../limits/send-policy';
import type { TwoFactorCounters } from '../limits/two-factor.counters';
import { TwoFactorException } from '../errors/two-factor.exception';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import type { TwoFactorSessionState } from '../session/two-factor-session';

/** What the parts of the service share: the provider, the counters, the events, the log. */
export interface ChallengeContext {
  readonly runtime: TwoFactorRuntime;
  /** The provider's 18 operations (the `TWO_FACTOR_API` provider). */
  readonly api: TwoFactorApi;
  readonly counters: TwoFactorCounters;
  readonly sendPolicy: SendPolicy;
  readonly events: ChallengeEvents;
  readonly logger: Logger;
  /** `NODE_ENV` is production (read once). */
  readonly production: boolean;
}

/**
 * Refuses a user locked out after too many wrong PINs.
 * @throws TwoFactorException `too_many_attempts` (and a `failed` event).
 */
export async function assertNotLocked(
  context: ChallengeContext,
  req: TwoFactorRequest,
  state: TwoFactorSessionState,
  now: number,
): Promise<void> {
  if (await context.counters.isLocked(state.userId, now)) {
    throw context.events.fail(req, state, 'too_many_attempts', {
      message: 'Too many failed attempts. Try again later.',
    });
  }
}

/** Counts a wrong PIN (or recovery code) for the user; answers whether that locked the user out. */
export async function recordFailure(
  context: ChallengeContext,
  req: TwoFactorRequest,
  state: TwoFactorSessionState,
  now: number,
): Promise<boolean> {
  if (!(await context.counters.recordFailure(state.userId, now))) return false;
  const { maxConsecutiveFailures, failureLockoutMs } = context.runtime.options;
  context.logger.warn(
    `user locked out of 2FA for ${failureLockoutMs / 1000}s after ${maxConsecutiveFailures} wrong PINs`,
  );
  context.events.emit('locked', req, state, 'too_many_attempts');
  return true;
}

/** The module error a provider failure stands for (a verification's also emits `failed`). */
export function providerFailure(
  context: ChallengeContext,
  error: unknown,
  operation: ProviderOperation,
  req: TwoFactorRequest,
  state: TwoFactorSessionState,
): TwoFactorException {
  const mapped = mapProviderError(
    error,
    operation,
    { now: context.runtime.now(), expiresAt: state.expiresAt, attemptsRemaining: state.attemptsRemaining },
    context.logger,
  );
  return operation === 'verify'
    ? context.events.fail(req, state, mapped.code, { exception: mapped })
    : mapped;
}

/**
 * Runs a store call; a store that fails makes the request fail with 503
 * `provider_unavailable` (logged without keys), never pass.
 */
export async function failClosed<T>(logger: Logger, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TwoFactorException) throw error;
    logger.error(`2FA ${what} failed: ${error instanceof Error ? error.name : typeof error}`);
    throw TwoFactorException.create('provider_unavailable');
  }
}
