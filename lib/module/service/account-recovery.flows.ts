import type { Logger } from '@nestjs/common';
import type { Clock } from '../../engine/clock';
import type { RecoveryCodeStore } from '../../storage/recovery-code-store.interface';
import type { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import type { NormalizedTwoFactorOptions } from '../options/normalized-options.interface';
import type { TwoFactorRequest } from '../session/two-factor-request';
import { failClosed } from './challenge-context';
import type { ChallengeEvents } from './challenge-events';
import { maskDestination, normalizeDestination } from '../destinations/destination-format';
import type { StartTwoFactorInput } from './pin-dispatcher';
import type { PinVerifier } from './pin-verifier';
import { RecoveryCodes } from './recovery-codes';
import { RememberedDevices } from './remembered-devices';
import { requireSession } from '../session/session-support';
import { TwoFactorException } from '../errors/two-factor.exception';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import { readTwoFactorState, type TwoFactorSessionState } from '../session/two-factor-session';

/** How recent a verification must be to create recovery codes. */
export const RECOVERY_CODES_MAX_AGE_MS = 5 * 60_000;

/**
 * Ways back in without the phone: recovery codes (created by a freshly verified session) and
 * remembered devices (a sign-in from one skips the PIN).
 */
export class AccountRecoveryFlows {
  constructor(
    private readonly runtime: TwoFactorRuntime,
    private readonly verifier: PinVerifier,
    private readonly recoveryCodes: RecoveryCodes,
    private readonly devices: RememberedDevices,
    private readonly events: ChallengeEvents,
    private readonly logger: Logger,
    private readonly production: boolean,
    private readonly isVerified: (req: TwoFactorRequest, maxAgeMs?: number) => boolean,
  ) {}

  /** See `TwoFactorService.createRecoveryCodes`. */
  async createRecoveryCodes(req: TwoFactorRequest): Promise<string[]> {
    const state = readTwoFactorState(req);
    if (
      !state ||
      state.remembered ||
      state.recoveryCode ||
      !this.isVerified(req, RECOVERY_CODES_MAX_AGE_MS)
    ) {
      throw TwoFactorException.create(
        'two_factor_required',
        'Verify a PIN again (at most 5 minutes ago) to create recovery codes.',
      );
    }
    const codes = await failClosed(this.logger, 'recovery code store', () =>
      this.recoveryCodes.create(state.userId),
    );
    this.events.emit('recoveryCodesCreated', req, state);
    return codes;
  }

  /** See `TwoFactorService.recoveryCodesLeft`. */
  recoveryCodesLeft(userId: string): Promise<number> {
    return failClosed(this.logger, 'recovery code store', () => this.recoveryCodes.left(userId));
  }

  /** See `TwoFactorService.signInRemembered`. */
  async signInRemembered(req: TwoFactorRequest, input: StartTwoFactorInput): Promise<boolean> {
    const purpose = this.runtime.purpose(input?.purpose);
    requireSession(req, this.production);
    if (typeof input.userId !== 'string' || input.userId === '') return false;
    const known = await failClosed(this.logger, 'remembered device store', () =>
      this.devices.recognizes(req, input.userId),
    );
    if (!known) return false;
    const channel = input.channel ?? purpose.defaultChannel;
    const destination = normalizeDestination(input.destination, channel) ?? '';
    const now = this.runtime.now();
    const state: TwoFactorSessionState = {
      state: 'pending',
      purpose: purpose.name,
      userId: input.userId,
      channel,
      destination,
      maskedDestination: destination ? maskDestination(destination) : '',
      startedAt: now,
      resends: 0,
    };
    await this.verifier.upgrade(req, state, now, {}, 'remembered_device');
    return true;
  }

  /** See `TwoFactorService.forgetDevices`. */
  async forgetDevices(req: TwoFactorRequest, userId: string): Promise<void> {
    await failClosed(this.logger, 'remembered device store', () => this.devices.forgetAll(userId, req));
    const state = readTwoFactorState(req);
    if (state?.userId === userId) this.events.emit('devicesForgotten', req, state);
  }
}

/**
 * The recovery codes and remembered devices on `stores` (the module injects `RecoveryCodeStore` and
 * `RememberedDeviceStore`). Production is warned when the options give no stores of their own: the
 * in-memory ones are lost at a restart and not shared.
 */
export function recoveryStores(
  options: NormalizedTwoFactorOptions,
  stores: { recoveryCodeStore: RecoveryCodeStore; rememberedDeviceStore: RememberedDeviceStore },
  clock: Clock,
  production: boolean,
  logger: Logger,
): { recoveryCodes: RecoveryCodes; devices: RememberedDevices } {
  if (production && (!options.recoveryCodeStore || !options.rememberedDeviceStore)) {
    logger.warn(
      'recovery codes and remembered devices live in this process only (in-memory stores, a secret drawn at ' +
        'startup): they are lost at a restart and not shared with other instances. Fix: set recoveryCodeStore, ' +
        'rememberedDeviceStore (e.g. RedisRecoveryCodeStore, RedisRememberedDeviceStore) and secret',
    );
  }
  return {
    recoveryCodes: new RecoveryCodes(stores.recoveryCodeStore, options.secret),
    devices: new RememberedDevices(
      stores.rememberedDeviceStore,
      options.secret,
      options.rememberDeviceMs,
      production,
      clock,
    ),
  };
}
