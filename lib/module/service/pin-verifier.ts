import type { TwoFactorRequest } from '../session/two-factor-request';
import type { VerifyPinResponse } from '../../infobip/infobip.types';
import { tryParseLimit, type ParsedLimit } from '../../infobip/time-format';
import {
  assertNotLocked,
  failClosed,
  providerFailure,
  recordFailure,
  type ChallengeContext,
} from './challenge-context';
import { sameDestination } from '../destinations/destination-format';
import { redactForLog } from './log-redaction';
import type { RecoveryCodes } from './recovery-codes';
import type { RememberedDevices } from './remembered-devices';
import { sessionStillStored } from '../session/session-liveness';
import { regenerateSession, requireSession, restoreSessionLifetime } from '../session/session-support';
import { TwoFactorException } from '../errors/two-factor.exception';
import { DEFAULT_PIN } from '../options/two-factor.constants';
import { describePinFormat, parsePin } from '../options/pin-format';
import {
  readTwoFactorState,
  toVerifiedState,
  type TwoFactorSessionState,
} from '../session/two-factor-session';
import type { VerifyWindow } from '../limits/verify-window';

/** Options of `TwoFactorService.verify` and `TwoFactorService.verifyRecoveryCode`. */
export interface VerifyOptions {
  /**
   * Once verified, remember this browser for the user (option `rememberDevice`): a
   * later sign-in from it may skip the PIN (`TwoFactorService.signInRemembered`).
   * @default false
   */
  rememberDevice?: boolean;
}

/** How a session was verified when no PIN was entered. */
export type VerifiedWithout = 'recovery_code' | 'remembered_device';

/**
 * Verifies challenges, with a PIN at the provider or with a recovery code, and upgrades the
 * session: only a strict `verified === true` for the session's own destination counts.
 */
export class PinVerifier {
  constructor(
    private readonly context: ChallengeContext,
    private readonly verifyWindow: VerifyWindow,
    private readonly recoveryCodes: RecoveryCodes,
    private readonly devices: RememberedDevices,
  ) {}

  /** See `TwoFactorService.verify`. */
  async verify(
    req: TwoFactorRequest,
    pin: unknown,
    options: VerifyOptions = {},
  ): Promise<{ verified: true }> {
    const { events, logger } = this.context;
    const state = this.pendingState(req);
    const format = {
      pinType: state.pinType ?? DEFAULT_PIN.pinType,
      pinLength: state.pinLength ?? DEFAULT_PIN.pinLength,
    };
    const parsed = parsePin(pin, format);
    if (parsed === undefined) {
      throw TwoFactorException.create('bad_request', `The code must be ${describePinFormat(format)}.`);
    }
    const pinId = state.pinId;
    if (!pinId) throw TwoFactorException.create('no_challenge');
    const window = this.verifyLimitOf(state);
    if (window) await this.verifyWindow.enter(pinId, window, () => events.emit('waiting', req, state));
    await assertNotLocked(this.context, req, state, this.context.runtime.now());

    let answer: Partial<VerifyPinResponse> | undefined;
    try {
      answer = await this.context.api.verifyPin(pinId, { pin: parsed });
    } catch (error) {
      throw providerFailure(this.context, error, 'verify', req, state);
    } finally {
      // Only refines when the next verification may go; the window itself is already counted.
      if (window) await this.verifyWindow.answered(pinId, window).catch(() => undefined);
    }
    // A session destroyed meanwhile (signed out in another request) is neither upgraded
    // nor changed: writing it would store it again under its old id.
    const stored = await sessionStillStored(req);
    const now = this.context.runtime.now();
    if (answer?.verified === true) {
      if (!sameDestination(answer.msisdn, state.destination)) {
        logger.error('2FA provider verified a PIN for another destination than the challenge; refused');
        throw events.fail(req, state, 'provider_unavailable');
      }
      if (!stored) {
        logger.warn('2FA session ended while its PIN was being verified; not upgraded');
        throw events.fail(req, state, 'no_challenge');
      }
      await this.upgrade(req, state, now, options);
      return { verified: true };
    }
    if (answer?.verified !== false || typeof answer.pinError !== 'string') {
      logger.error('2FA provider answered a verification that is neither verified nor a known failure');
      throw events.fail(req, state, 'provider_unavailable');
    }
    // The attempts the status shows; written only to a session that still exists.
    const shown = stored ? state : { ...state };
    if (Number.isSafeInteger(answer.attemptsRemaining)) {
      shown.attemptsRemaining = Math.max(0, answer.attemptsRemaining as number);
    }
    switch (answer.pinError) {
      case 'WRONG_PIN': {
        const locked = await recordFailure(this.context, req, state, now);
        throw events.fail(req, state, locked ? 'too_many_attempts' : 'invalid_pin');
      }
      case 'TTL_EXPIRED':
        throw events.fail(req, state, 'pin_expired');
      case 'NO_MORE_PIN_ATTEMPTS':
        shown.attemptsRemaining = 0;
        throw events.fail(req, state, 'too_many_attempts');
      default:
        logger.error(
          `2FA provider answered an unknown pinError (${redactForLog(String(answer.pinError).slice(0, 40))})`,
        );
        throw events.fail(req, state, 'provider_unavailable');
    }
  }

  /** See `TwoFactorService.verifyRecoveryCode`. */
  async verifyRecoveryCode(
    req: TwoFactorRequest,
    code: unknown,
    options: VerifyOptions = {},
  ): Promise<{ verified: true; recoveryCodesLeft: number }> {
    const { events, logger } = this.context;
    const state = this.pendingState(req);
    const now = this.context.runtime.now();
    await assertNotLocked(this.context, req, state, now);
    const use = await failClosed(logger, 'recovery code store', () =>
      this.recoveryCodes.use(state.userId, code),
    );
    if (!use) {
      throw TwoFactorException.create(
        'bad_request',
        'A recovery code is 10 letters and digits, like abcde-12345.',
      );
    }
    if (!use.consumed) {
      const locked = await recordFailure(this.context, req, state, now);
      throw events.fail(req, state, locked ? 'too_many_attempts' : 'invalid_pin', {
        ...(locked ? {} : { message: 'That recovery code is not valid.' }),
      });
    }
    if (!(await sessionStillStored(req))) throw events.fail(req, state, 'no_challenge');
    await this.upgrade(req, state, now, options, 'recovery_code');
    events.recoveryCodeUsed(req, state, use.left);
    return { verified: true, recoveryCodesLeft: use.left };
  }

  /**
   * Upgrades the session: failures of the user start over (unless only a device was
   * recognized), the session gets a new id and the verified mark, and the browser is
   * remembered when asked.
   */
  async upgrade(
    req: TwoFactorRequest,
    state: TwoFactorSessionState,
    now: number,
    options: VerifyOptions,
    via?: VerifiedWithout,
  ): Promise<void> {
    const { runtime, production, logger } = this.context;
    if (via !== 'remembered_device') await this.context.counters.recordSuccess(state.userId);
    await regenerateSession(requireSession(req, production), runtime.options.keepSessionFields);
    restoreSessionLifetime(requireSession(req, production).session.cookie, state.sessionMaxAgeMs);
    const verified = toVerifiedState(state, now);
    if (via === 'remembered_device') verified.remembered = true;
    if (via === 'recovery_code') verified.recoveryCode = true;
    requireSession(req, production).session.twoFactor = verified;
    if (options.rememberDevice === true) {
      // A convenience, not a check: the session is verified either way, and the PIN is spent.
      await this.devices.remember(req, state.userId).catch((error: unknown) => {
        const reason = error instanceof Error ? error.name : typeof error;
        logger.warn(`2FA remembered device store failed (${reason}): the browser is not remembered`);
      });
    }
    this.context.events.emit('verified', req, verified, via);
  }

  /** The session's pending challenge. @throws TwoFactorException `no_challenge`. */
  private pendingState(req: TwoFactorRequest): TwoFactorSessionState {
    requireSession(req, this.context.production);
    const state = readTwoFactorState(req);
    if (!state || state.state !== 'pending') throw TwoFactorException.create('no_challenge');
    return state;
  }

  /** The provider's verify window of the challenge's purpose, when the module knows it. */
  private verifyLimitOf(state: TwoFactorSessionState): ParsedLimit | undefined {
    const { runtime } = this.context;
    if (!runtime.purposeNames().includes(state.purpose)) return undefined;
    return tryParseLimit(runtime.purpose(state.purpose).configuration.verifyPinLimit);
  }
}
