import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Request } from 'express';
import type { PinChannel, VerifyPinResponse } from '../infobip/infobip.types';
import { tryParseLimit, type ParsedLimit } from '../infobip/time-format';
import { InMemoryRecoveryCodeStore } from '../storage/in-memory-recovery-code.store';
import { InMemoryRememberedDeviceStore } from '../storage/in-memory-remembered-device.store';
import { FailClosedCounterStore } from './fail-closed-counter.store';
import { destinationKind, maskDestination, normalizeDestination, sameDestination } from './destination';
import { redactForLog } from './log-redaction';
import { isLostBinding, mapProviderError, type ProviderOperation } from './provider-error.mapper';
import type { ResolvedPurpose, ResolvedTemplate } from './purpose.resolver';
import type { SendLimitHit } from './send-limits';
import { SendPolicy } from './send-policy';
import { RecoveryCodes } from './recovery-codes';
import { RememberedDevices } from './remembered-devices';
import { sessionStillStored } from './session-liveness';
import {
  isProductionEnvironment,
  limitSessionLifetime,
  regenerateSession,
  requireSession,
} from './session-support';
import { TwoFactorCounters } from './two-factor.counters';
import { describePinFormat, sessionIdHash } from './two-factor-keys';
import {
  TwoFactorEvents,
  type TwoFactorEventMap,
  type TwoFactorEventName,
  type TwoFactorEventPayload,
} from './two-factor.events';
import { TwoFactorException } from './two-factor.exception';
import { TWO_FACTOR_RUNTIME } from './two-factor.internal-tokens';
import { parsePin } from './two-factor-policy';
import type { TwoFactorRuntime } from './two-factor.runtime';
import { VerifyWindow } from './verify-window';
import {
  readTwoFactorState,
  toTwoFactorStatus,
  toVerifiedState,
  type TwoFactorSessionState,
  type TwoFactorStatus,
} from './two-factor-session';

/** Options of {@link TwoFactorService.verify} and {@link TwoFactorService.verifyRecoveryCode}. */
export interface VerifyOptions {
  /**
   * Once verified, remember this browser for the user (option `rememberDevice`): a
   * later sign-in from it may skip the PIN ({@link TwoFactorService.signInRemembered}).
   * @default false
   */
  rememberDevice?: boolean;
}

/** How recent a verification must be to create recovery codes. */
export const RECOVERY_CODES_MAX_AGE_MS = 5 * 60_000;

/** Input of {@link TwoFactorService.start}. */
export interface StartTwoFactorInput {
  /** A purpose declared in the module options. */
  purpose: string;
  /** Phone number (international, `+` optional) or, for `email`, an email address. */
  destination: string;
  /** Who is signing in; failures are counted per user across challenges. */
  userId: string;
  /** Default: the purpose's `defaultChannel`. */
  channel?: PinChannel;
}

const CHANNELS: readonly PinChannel[] = ['sms', 'voice', 'email'];

/**
 * The policy layer: one live challenge per session, destination and PIN checks
 * before any provider call, send limits and counters in the `CounterStore`, and
 * the session upgraded only by a strict `verified === true` for the session's own
 * destination.
 */
@Injectable()
export class TwoFactorService implements OnApplicationShutdown {
  /**
   * Audit and notification hooks: `sent`, `verified`, `failed`, `locked`, `resent`,
   * `limited`, `waiting`.
   */
  readonly events = new TwoFactorEvents();
  protected readonly logger = new Logger('TwoFactorService');
  protected readonly counters: TwoFactorCounters;
  protected readonly sendPolicy: SendPolicy;
  protected readonly verifyWindow: VerifyWindow;
  protected readonly recoveryCodes: RecoveryCodes;
  protected readonly devices: RememberedDevices;
  // Read once: the session checks run on every request.
  private readonly production = isProductionEnvironment();

  constructor(@Inject(TWO_FACTOR_RUNTIME) protected readonly runtime: TwoFactorRuntime) {
    this.counters = new TwoFactorCounters(runtime.counterStore, runtime.options);
    this.sendPolicy = new SendPolicy(runtime.counterStore, runtime.options);
    this.verifyWindow = new VerifyWindow(new FailClosedCounterStore(runtime.counterStore), runtime.clock);
    const { options } = runtime;
    this.recoveryCodes = new RecoveryCodes(
      options.recoveryCodeStore ?? new InMemoryRecoveryCodeStore(),
      options.secret,
    );
    this.devices = new RememberedDevices(
      options.rememberedDeviceStore ?? new InMemoryRememberedDeviceStore(),
      options.secret,
      options.rememberDeviceMs,
      this.production,
      runtime.clock,
    );
    if (this.production && (!options.recoveryCodeStore || !options.rememberedDeviceStore)) {
      this.logger.warn(
        'recovery codes and remembered devices live in this process only (in-memory stores, a secret drawn at ' +
          'startup): they are lost at a restart and not shared with other instances. Fix: set recoveryCodeStore, ' +
          'rememberedDeviceStore (e.g. RedisRecoveryCodeStore, RedisRememberedDeviceStore) and secret',
      );
    }
  }

  /** Whether every guarded route requires a verified session (option `requireByDefault`). */
  get requireByDefault(): boolean {
    return this.runtime.options.requireByDefault;
  }

  /** How long a remembered device spares the PIN (option `rememberDevice`), or false when off. */
  get rememberDeviceMs(): number | false {
    return this.runtime.options.rememberDeviceMs;
  }

  /** Now, by the module's clock (epoch milliseconds). */
  now(): number {
    return this.runtime.now();
  }

  /**
   * Sends a PIN and makes it the session's only challenge: any earlier challenge
   * or verified mark is dropped, and the session gets a new id carrying over only
   * `keepSessionFields`. If sending fails, the session stays pending (confined by
   * the guard) without a challenge.
   *
   * Before the provider is called: the destination must be a valid E.164 number of
   * an accepted range and country (or a plain email address for `email`), else 400;
   * the user must not be locked out; and the send must fit every send limit, else
   * 429 with `Retry-After` and a `limited` event.
   *
   * The send is never repeated: when the provider fails or times out, the PIN may
   * or may not have gone out, and a repeat could send a second one. Calling `start`
   * again (the user signing in again) makes a new challenge; the earlier one is
   * forgotten by the session and can no longer be verified through it.
   * @throws TwoFactorException `bad_request`, `too_many_attempts`, `rate_limited`, `provider_unavailable`;
   *   Error for an unknown purpose or a channel without template (programming mistakes).
   */
  async start(req: Request, input: StartTwoFactorInput): Promise<TwoFactorStatus> {
    const purpose = this.runtime.purpose(input?.purpose);
    requireSession(req, this.production);
    const channel = input.channel ?? purpose.defaultChannel;
    const template = this.templateOf(purpose, channel);
    if (typeof input.userId !== 'string' || input.userId === '') {
      throw new Error('TwoFactorService.start: userId must be a non-empty string identifying the user');
    }
    const destination = normalizeDestination(input.destination, channel);
    const now = this.now();
    await regenerateSession(requireSession(req, this.production), this.runtime.options.keepSessionFields);
    const state: TwoFactorSessionState = {
      state: 'pending',
      purpose: purpose.name,
      userId: input.userId,
      channel,
      destination: destination ?? '',
      maskedDestination: destination ? maskDestination(destination) : '',
      pinType: template.pinType,
      pinLength: template.pinLength,
      startedAt: now,
      resends: 0,
    };
    const fresh = requireSession(req, this.production).session;
    fresh.twoFactor = state;
    // A half-authenticated session should not outlive its PIN by much.
    limitSessionLifetime(fresh.cookie, purpose.ttlMs + 60_000);
    const problem = this.sendPolicy.destinationProblem(purpose, channel, destination);
    if (problem || !destination) throw TwoFactorException.create('bad_request', problem);
    await this.assertNotLocked(req, state, now);
    await this.consumeSendLimits(req, state, now);

    let answer: { pinId?: unknown; to?: unknown } | undefined;
    let bound = purpose;
    try {
      ({ answer, bound } = await this.withBinding(purpose, 'send', (current) =>
        this.send(current, this.templateOf(current, channel), destination),
      ));
    } catch (error) {
      throw this.providerFailure(error, 'send', req, state);
    }
    const pinId = answer?.pinId;
    if (typeof pinId !== 'string' || pinId === '') {
      this.logger.error('2FA provider answered a send without pinId');
      throw TwoFactorException.create('provider_unavailable');
    }
    this.assertSameRecipient(answer?.to, destination, 'send');
    if (bound !== purpose) {
      // Sent with the purpose bound again: its template and lifetime are the ones that count.
      const sentWith = this.templateOf(bound, channel);
      Object.assign(state, { pinType: sentWith.pinType, pinLength: sentWith.pinLength });
      limitSessionLifetime(fresh.cookie, bound.ttlMs + 60_000);
    }
    const sentAt = this.now();
    Object.assign(state, {
      pinId,
      expiresAt: sentAt + bound.ttlMs,
      attemptsRemaining: bound.configuration.pinAttempts,
      lastSentAt: sentAt,
    });
    state.resendAvailableAt = await this.counters.startCooldown(pinId, sentAt);
    this.emit('sent', req, state);
    return toTwoFactorStatus(state);
  }

  /**
   * Checks a destination the way {@link start} does, without sending anything or
   * touching a session: call it where the user enters a number or address (e.g. at
   * registration), so that one `start` would refuse is refused before anything
   * else happens.
   * @throws TwoFactorException `bad_request` with a message fit for the user;
   *   Error for an unknown purpose or a channel without template (programming mistakes).
   */
  checkDestination(purpose: string, destination: unknown, channel?: PinChannel): void {
    const resolved = this.runtime.purpose(purpose);
    const to = channel ?? resolved.defaultChannel;
    this.templateOf(resolved, to);
    const problem = this.sendPolicy.destinationProblem(resolved, to, normalizeDestination(destination, to));
    if (problem) throw TwoFactorException.create('bad_request', problem);
  }

  /**
   * Verifies the session's challenge. The PIN's type, alphabet and length are
   * checked first (400, no provider call); spaces and dashes in it are ignored.
   * A verification inside the provider's verify window (the purpose's
   * `verifyPinLimit`) after another one of the same challenge waits out the rest
   * of the window, then goes through (a typo followed at once by the right PIN
   * succeeds); only one waits per challenge, others get 429 `rate_limited`.
   * Only `verified === true` with the session's destination upgrades the
   * session, which then gets a new id.
   * @throws TwoFactorException `bad_request`, `no_challenge`, `invalid_pin`, `pin_expired`,
   *   `too_many_attempts`, `rate_limited`, `provider_unavailable`.
   */
  async verify(req: Request, pin: unknown, options: VerifyOptions = {}): Promise<{ verified: true }> {
    requireSession(req, this.production);
    const state = readTwoFactorState(req);
    if (!state || state.state !== 'pending') throw TwoFactorException.create('no_challenge');
    const format = { pinType: state.pinType ?? 'NUMERIC', pinLength: state.pinLength ?? 6 };
    const parsed = parsePin(pin, format);
    if (parsed === undefined) {
      throw TwoFactorException.create('bad_request', `The code must be ${describePinFormat(format)}.`);
    }
    const pinId = state.pinId;
    if (!pinId) throw TwoFactorException.create('no_challenge');
    const window = this.verifyLimitOf(state);
    if (window) await this.verifyWindow.enter(pinId, window, () => this.emit('waiting', req, state));
    await this.assertNotLocked(req, state, this.now());

    let answer: Partial<VerifyPinResponse> | undefined;
    try {
      answer = await this.runtime.api.verifyPin(pinId, { pin: parsed });
    } catch (error) {
      throw this.providerFailure(error, 'verify', req, state);
    } finally {
      // Only refines when the next verification may go; the window itself is already counted.
      if (window) await this.verifyWindow.answered(pinId, window).catch(() => undefined);
    }
    // A session destroyed meanwhile (signed out in another request) is neither upgraded
    // nor changed: writing it would store it again under its old id.
    const stored = await sessionStillStored(req);
    const now = this.now();
    if (answer?.verified === true) {
      if (!sameDestination(answer.msisdn, state.destination)) {
        this.logger.error('2FA provider verified a PIN for another destination than the challenge; refused');
        throw this.fail(req, state, 'provider_unavailable');
      }
      if (!stored) {
        this.logger.warn('2FA session ended while its PIN was being verified; not upgraded');
        throw this.fail(req, state, 'no_challenge');
      }
      await this.upgrade(req, state, now, options);
      return { verified: true };
    }
    if (answer?.verified !== false || typeof answer.pinError !== 'string') {
      this.logger.error('2FA provider answered a verification that is neither verified nor a known failure');
      throw this.fail(req, state, 'provider_unavailable');
    }
    // The attempts the status shows; written only to a session that still exists.
    const shown = stored ? state : { ...state };
    if (Number.isSafeInteger(answer.attemptsRemaining)) {
      shown.attemptsRemaining = Math.max(0, answer.attemptsRemaining as number);
    }
    switch (answer.pinError) {
      case 'WRONG_PIN':
        throw this.fail(
          req,
          state,
          (await this.recordFailure(req, state, now)) ? 'too_many_attempts' : 'invalid_pin',
        );
      case 'TTL_EXPIRED':
        throw this.fail(req, state, 'pin_expired');
      case 'NO_MORE_PIN_ATTEMPTS':
        shown.attemptsRemaining = 0;
        throw this.fail(req, state, 'too_many_attempts');
      default:
        this.logger.error(
          `2FA provider answered an unknown pinError (${redactForLog(String(answer.pinError).slice(0, 40))})`,
        );
        throw this.fail(req, state, 'provider_unavailable');
    }
  }

  /**
   * Verifies the session's challenge with one of the user's recovery codes instead
   * of the PIN (for a user without the phone). Each code works once, also under
   * parallel requests; a wrong code counts as a failed attempt of the user
   * (`maxConsecutiveFailures`), like a wrong PIN.
   * @throws TwoFactorException `bad_request` (not shaped like a recovery code), `no_challenge`,
   *   `invalid_pin`, `too_many_attempts`, `provider_unavailable` (store down).
   */
  async verifyRecoveryCode(
    req: Request,
    code: unknown,
    options: VerifyOptions = {},
  ): Promise<{ verified: true; recoveryCodesLeft: number }> {
    requireSession(req, this.production);
    const state = readTwoFactorState(req);
    if (!state || state.state !== 'pending') throw TwoFactorException.create('no_challenge');
    const now = this.now();
    await this.assertNotLocked(req, state, now);
    const use = await failClosed(this.logger, 'recovery code store', () =>
      this.recoveryCodes.use(state.userId, code),
    );
    if (!use) {
      throw TwoFactorException.create(
        'bad_request',
        'A recovery code is 10 letters and digits, like abcde-12345.',
      );
    }
    if (!use.consumed) {
      const locked = await this.recordFailure(req, state, now);
      throw this.fail(
        req,
        state,
        locked ? 'too_many_attempts' : 'invalid_pin',
        locked ? undefined : 'That recovery code is not valid.',
      );
    }
    if (!(await sessionStillStored(req))) throw this.fail(req, state, 'no_challenge');
    await this.upgrade(req, state, now, options, 'recovery_code');
    this.events.emit('recoveryCodeUsed', {
      ...this.payloadOf(req, state),
      recoveryCodesLeft: use.left,
    });
    return { verified: true, recoveryCodesLeft: use.left };
  }

  /**
   * A new set of recovery codes for the session's user, to show once; the old set
   * stops working. Needs a session verified with a PIN at most 5 minutes ago (a
   * remembered device or a recovery code is not enough).
   * @throws TwoFactorException `two_factor_required`, `provider_unavailable` (store down).
   */
  async createRecoveryCodes(req: Request): Promise<string[]> {
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
    this.emit('recoveryCodesCreated', req, state);
    return codes;
  }

  /** Unused recovery codes of a user. */
  recoveryCodesLeft(userId: string): Promise<number> {
    return failClosed(this.logger, 'recovery code store', () => this.recoveryCodes.left(userId));
  }

  /**
   * Signs the session in without a PIN when its browser carries a device the user
   * asked to remember ({@link VerifyOptions.rememberDevice}), still valid: the
   * session gets a new id and a verified mark that never satisfies a step-up
   * `maxAge`. Answers false (and changes nothing) otherwise: then call {@link start}.
   */
  async signInRemembered(req: Request, input: StartTwoFactorInput): Promise<boolean> {
    const purpose = this.runtime.purpose(input?.purpose);
    requireSession(req, this.production);
    if (typeof input.userId !== 'string' || input.userId === '') return false;
    const known = await failClosed(this.logger, 'remembered device store', () =>
      this.devices.recognizes(req, input.userId),
    );
    if (!known) return false;
    const channel = input.channel ?? purpose.defaultChannel;
    const destination = normalizeDestination(input.destination, channel) ?? '';
    const now = this.now();
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
    await this.upgrade(req, state, now, {}, 'remembered_device');
    return true;
  }

  /**
   * Forgets every remembered device of a user (e.g. on a password change, or from
   * "sign out everywhere"), and clears the cookie of this request's browser.
   */
  async forgetDevices(req: Request, userId: string): Promise<void> {
    await failClosed(this.logger, 'remembered device store', () => this.devices.forgetAll(userId, req));
    const state = readTwoFactorState(req);
    if (state?.userId === userId) this.emit('devicesForgotten', req, state);
  }

  /**
   * Sends the same PIN again, optionally over another channel of the same kind
   * (sms and voice share phone numbers) for which the purpose has a template.
   * Waits `resendCooldown` between sends; at most `maxResends` per challenge.
   * @throws TwoFactorException `bad_request`, `no_challenge`, `rate_limited` (with Retry-After),
   *   `too_many_attempts`, `pin_expired`, `provider_unavailable`.
   */
  async resend(req: Request, channel?: unknown): Promise<TwoFactorStatus> {
    requireSession(req, this.production);
    const state = readTwoFactorState(req);
    if (!state || state.state !== 'pending' || !state.pinId) throw TwoFactorException.create('no_challenge');
    const pinId = state.pinId;
    const purpose = this.runtime.purposeNames().includes(state.purpose)
      ? this.runtime.purpose(state.purpose)
      : null;
    if (!purpose) throw TwoFactorException.create('no_challenge');
    const target = channel ?? state.channel;
    if (!CHANNELS.includes(target as PinChannel)) {
      throw TwoFactorException.create('bad_request', `channel must be one of ${CHANNELS.join(', ')}.`);
    }
    const to = target as PinChannel;
    if (!purpose.templates[to] || destinationKind(to) !== destinationKind(state.channel)) {
      throw TwoFactorException.create('bad_request', `This code cannot be sent by ${to}.`);
    }
    const now = this.now();
    await this.assertNotLocked(req, state, now);
    const counted = await this.counters.consumeResend(pinId, purpose.ttlMs, now);
    await this.consumeSendLimits(req, state, now);
    let answer: unknown;
    try {
      ({ answer } = await this.withBinding(purpose, 'resend', () => this.resendOver(to, pinId)));
    } catch (error) {
      throw this.providerFailure(error, 'resend', req, state);
    }
    this.assertSameRecipient((answer as { to?: unknown } | undefined)?.to, state.destination, 'resend');
    // Sent; but a session signed out meanwhile is not written again (see verify).
    const shown = (await sessionStillStored(req)) ? state : { ...state };
    Object.assign(shown, {
      channel: to,
      resends: counted.count,
      lastSentAt: now,
      resendAvailableAt: counted.nextAt,
    });
    this.emit('resent', req, shown);
    return toTwoFactorStatus(shown);
  }

  /**
   * The session's second-factor status (never the PIN, pinId or full destination).
   * @throws Error (answered as 500) when express-session is missing or unfit, as every 2FA route does.
   */
  status(req: Request): TwoFactorStatus {
    requireSession(req, this.production);
    return toTwoFactorStatus(readTwoFactorState(req));
  }

  /** Forgets the session's challenge and verified mark (e.g. at logout or when switching user). */
  cancel(req: Request): void {
    const session = (req as Partial<Pick<Request, 'session'>>).session;
    if (session) delete session.twoFactor;
  }

  /** Whether the session verified a second factor, at most `maxAgeMs` ago when given. */
  isVerified(req: Request, maxAgeMs?: number): boolean {
    const state = readTwoFactorState(req);
    if (state?.state !== 'verified' || typeof state.verifiedAt !== 'number') return false;
    if (maxAgeMs === undefined) return true;
    // A remembered device proves no second factor now: step-up routes ask for one.
    return !state.remembered && this.now() - state.verifiedAt <= maxAgeMs;
  }

  /**
   * The client's IP address as the module counts it (`trustedProxies`, `trustProxyHops`): the socket
   * address by default, never a header a client can write unless configured.
   */
  clientIp(req: Request): string | undefined {
    return this.sendPolicy.clientIp(req);
  }

  /** Whether the session has a challenge waiting for its PIN (and must stay confined). */
  isPending(req: Request): boolean {
    return readTwoFactorState(req)?.state === 'pending';
  }

  async onApplicationShutdown(): Promise<void> {
    this.verifyWindow.close();
    this.events.clear();
    await this.runtime.close();
  }

  /**
   * Upgrades the session: failures of the user start over (unless only a device was
   * recognized), the session gets a new id and the verified mark, and the browser is
   * remembered when asked.
   */
  private async upgrade(
    req: Request,
    state: TwoFactorSessionState,
    now: number,
    options: VerifyOptions,
    via?: 'recovery_code' | 'remembered_device',
  ): Promise<void> {
    if (via !== 'remembered_device') await this.counters.recordSuccess(state.userId);
    await regenerateSession(requireSession(req, this.production), this.runtime.options.keepSessionFields);
    const verified = toVerifiedState(state, now);
    if (via === 'remembered_device') verified.remembered = true;
    if (via === 'recovery_code') verified.recoveryCode = true;
    requireSession(req, this.production).session.twoFactor = verified;
    if (options.rememberDevice === true) {
      // A convenience, not a check: the session is verified either way, and the PIN is spent.
      await this.devices.remember(req, state.userId).catch((error: unknown) => {
        const reason = error instanceof Error ? error.name : typeof error;
        this.logger.warn(`2FA remembered device store failed (${reason}): the browser is not remembered`);
      });
    }
    this.emit('verified', req, verified, via);
  }

  /** Sends a new PIN; override to add placeholders or a sender. */
  protected send(
    purpose: ResolvedPurpose,
    template: ResolvedTemplate,
    to: string,
  ): Promise<{ pinId?: string }> {
    const body = { applicationId: purpose.applicationId, messageId: template.messageId, to };
    switch (template.channel) {
      case 'sms':
        return this.runtime.api.sendPinOverSms(body);
      case 'voice':
        return this.runtime.api.sendPinOverVoice(body);
      case 'email':
        return this.runtime.api.sendPinOverEmail(body);
    }
  }

  /** Sends the challenge's PIN again over `channel`. */
  protected resendOver(channel: PinChannel, pinId: string): Promise<unknown> {
    switch (channel) {
      case 'sms':
        return this.runtime.api.resendPinOverSms(pinId);
      case 'voice':
        return this.runtime.api.resendPinOverVoice(pinId);
      case 'email':
        return this.runtime.api.resendPinOverEmail(pinId);
    }
  }

  /**
   * Runs a send or resend; when the provider answers that it no longer knows the
   * purpose's application or template (nothing was sent), binds the purpose again
   * as bootstrap did and runs it once more. Answers the binding it ran with.
   * @throws the provider's failure (the first one when the purpose can't be bound again).
   */
  private async withBinding<T>(
    purpose: ResolvedPurpose,
    operation: 'send' | 'resend',
    call: (bound: ResolvedPurpose) => Promise<T>,
  ): Promise<{ answer: T; bound: ResolvedPurpose }> {
    try {
      return { answer: await call(purpose), bound: purpose };
    } catch (error) {
      if (!isLostBinding(error, operation)) throw error;
      let bound: ResolvedPurpose;
      try {
        bound = await this.runtime.rebindPurpose(purpose);
      } catch (failure) {
        const reason = failure instanceof Error ? failure.message : String(failure);
        this.logger.error(
          `2FA purpose "${purpose.name}": the provider no longer knows its application or template, ` +
            `and binding it again failed: ${redactForLog(reason)}`,
        );
        throw error;
      }
      this.logger.warn(
        `2FA purpose "${purpose.name}": the provider no longer knew its application or template; ` +
          `bound again to application ${bound.applicationId}`,
      );
      return { answer: await call(bound), bound };
    }
  }

  /** The provider's verify window of the challenge's purpose, when the module knows it. */
  private verifyLimitOf(state: TwoFactorSessionState): ParsedLimit | undefined {
    if (!this.runtime.purposeNames().includes(state.purpose)) return undefined;
    return tryParseLimit(this.runtime.purpose(state.purpose).configuration.verifyPinLimit);
  }

  private templateOf(purpose: ResolvedPurpose, channel: PinChannel): ResolvedTemplate {
    const template = CHANNELS.includes(channel) ? purpose.templates[channel] : undefined;
    if (!template) {
      throw new Error(
        `TwoFactorModule: purpose "${purpose.name}" has no ${String(channel)} template. ` +
          `Fix: add purposes.${purpose.name}.templates.${String(channel)}, or start with one of ` +
          `${Object.keys(purpose.templates).join(', ')}`,
      );
    }
    return template;
  }

  /**
   * Counts a send against the send limits.
   * @throws TwoFactorException `rate_limited` (with Retry-After) when a limit refuses it.
   */
  private async consumeSendLimits(req: Request, state: TwoFactorSessionState, now: number): Promise<void> {
    const hit = await this.sendPolicy.consume(req, state, now);
    if (!hit) return;
    this.emitLimited(req, state, hit);
    throw TwoFactorException.create(
      'rate_limited',
      'Too many codes were requested. Try again later.',
      hit.retryAfterMs / 1000,
    );
  }

  /** Fails closed when the provider says it sent to another recipient than asked. */
  private assertSameRecipient(to: unknown, destination: string, operation: ProviderOperation): void {
    if (to === undefined || sameDestination(to, destination)) return;
    this.logger.error(`2FA provider answered a ${operation} for another recipient than asked; refused`);
    throw TwoFactorException.create('provider_unavailable');
  }

  private async assertNotLocked(req: Request, state: TwoFactorSessionState, now: number): Promise<void> {
    if (await this.counters.isLocked(state.userId, now)) {
      throw this.fail(req, state, 'too_many_attempts', 'Too many failed attempts. Try again later.');
    }
  }

  /** Counts a wrong PIN for the user; answers whether that locked the user out. */
  private async recordFailure(req: Request, state: TwoFactorSessionState, now: number): Promise<boolean> {
    if (!(await this.counters.recordFailure(state.userId, now))) return false;
    const { maxConsecutiveFailures, failureLockoutMs } = this.runtime.options;
    this.logger.warn(
      `user locked out of 2FA for ${failureLockoutMs / 1000}s after ${maxConsecutiveFailures} wrong PINs`,
    );
    this.emit('locked', req, state, 'too_many_attempts');
    return true;
  }

  private providerFailure(
    error: unknown,
    operation: ProviderOperation,
    req: Request,
    state: TwoFactorSessionState,
  ): TwoFactorException {
    const mapped = mapProviderError(
      error,
      operation,
      { now: this.now(), expiresAt: state.expiresAt, attemptsRemaining: state.attemptsRemaining },
      this.logger,
    );
    return operation === 'verify' ? this.fail(req, state, mapped.code, undefined, mapped) : mapped;
  }

  private fail(
    req: Request,
    state: TwoFactorSessionState,
    code: TwoFactorException['code'],
    message?: string,
    exception = TwoFactorException.create(code, message),
  ): TwoFactorException {
    this.emit('failed', req, state, code);
    return exception;
  }

  private emit(
    event: Exclude<TwoFactorEventName, 'limited' | 'recoveryCodeUsed'>,
    req: Request,
    state: TwoFactorSessionState,
    reason?: string,
  ): void {
    this.events.emit(event, this.payloadOf(req, state, reason));
  }

  private emitLimited(req: Request, state: TwoFactorSessionState, hit: SendLimitHit): void {
    const payload: TwoFactorEventMap['limited'] = {
      ...this.payloadOf(req, state, 'rate_limited'),
      limit: hit.limit,
      spec: hit.spec,
      retryAfterSeconds: Math.max(1, Math.ceil(hit.retryAfterMs / 1000)),
    };
    this.events.emit('limited', payload);
  }

  private payloadOf(req: Request, state: TwoFactorSessionState, reason?: string): TwoFactorEventPayload {
    const payload: TwoFactorEventPayload = {
      purpose: state.purpose,
      userId: state.userId,
      channel: state.channel,
      maskedDestination: state.maskedDestination,
    };
    const hash = sessionIdHash(req);
    if (hash) payload.sessionIdHash = hash;
    if (reason) payload.reason = reason;
    const ip = this.sendPolicy.clientIp(req);
    if (ip) payload.ip = ip;
    return payload;
  }
}

/**
 * Runs a store call; a store that fails makes the request fail with 503
 * `provider_unavailable` (logged without keys), never pass.
 */
async function failClosed<T>(logger: Logger, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TwoFactorException) throw error;
    logger.error(`2FA ${what} failed: ${error instanceof Error ? error.name : typeof error}`);
    throw TwoFactorException.create('provider_unavailable');
  }
}
