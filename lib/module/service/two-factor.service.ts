import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import type { TwoFactorRequest } from '../session/two-factor-request';
import type { RequestWithSession } from '../session/two-factor-session';
import type { PinChannel } from '../../infobip/infobip.types';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import { CounterStore } from '../../storage/counter-store.interface';
import { RecoveryCodeStore } from '../../storage/recovery-code-store.interface';
import { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import { AccountRecoveryFlows, recoveryStores } from './account-recovery.flows';
import type { ChallengeContext } from './challenge-context';
import { ChallengeEvents } from './challenge-events';
import { resendPinOver, sendPinOver } from './channel-operations';
import { FailClosedCounterStore } from '../limits/fail-closed-counter.store';
import { PinDispatcher, type StartTwoFactorInput } from './pin-dispatcher';
import { PinVerifier, type VerifyOptions } from './pin-verifier';
import type { ResolvedPurpose, ResolvedTemplate } from '../runtime/purpose.resolver';
import { RecoveryCodes } from './recovery-codes';
import { RememberedDevices } from './remembered-devices';
import { SendPolicy } from '../limits/send-policy';
import { isProductionEnvironment, requireSession } from '../session/session-support';
import { TwoFactorCounters } from '../limits/two-factor.counters';
import { TwoFactorEvents } from './two-factor.events';
import { TWO_FACTOR_RUNTIME } from '../runtime/two-factor.internal-tokens';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import { readTwoFactorState, toTwoFactorStatus, type TwoFactorStatus } from '../session/two-factor-session';
import { TWO_FACTOR_API } from '../runtime/two-factor.tokens';
import { VerifyWindow } from '../limits/verify-window';

export type { StartTwoFactorInput } from './pin-dispatcher';
export type { VerifyOptions } from './pin-verifier';

export { RECOVERY_CODES_MAX_AGE_MS } from './account-recovery.flows';

/**
 * The policy layer: one live challenge per session, destination and PIN checks
 * before any provider call, send limits and counters in the `CounterStore`, and
 * the session upgraded only by a strict `verified === true` for the session's own
 * destination. A facade: sending is {@link PinDispatcher}'s job, verifying
 * {@link PinVerifier}'s, event payloads {@link ChallengeEvents}'.
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
  /** The provider's operations: the `TWO_FACTOR_API` provider (override it in tests). */
  protected readonly api: TwoFactorApi;
  // Read once: the session checks run on every request.
  private readonly production = isProductionEnvironment();
  private readonly challengeEvents: ChallengeEvents;
  private readonly dispatcher: PinDispatcher;
  private readonly verifier: PinVerifier;
  private readonly recovery: AccountRecoveryFlows;

  /**
   * Each dependency after `runtime` defaults to the runtime's; the module injects each by its token
   * (`TWO_FACTOR_API`, `CounterStore`, `RecoveryCodeStore`, `RememberedDeviceStore`).
   */
  constructor(
    @Inject(TWO_FACTOR_RUNTIME) protected readonly runtime: TwoFactorRuntime,
    @Optional() @Inject(TWO_FACTOR_API) api?: TwoFactorApi,
    @Optional() @Inject(CounterStore) counterStore?: CounterStore,
    @Optional() @Inject(RecoveryCodeStore) recoveryCodeStore?: RecoveryCodeStore,
    @Optional() @Inject(RememberedDeviceStore) rememberedDeviceStore?: RememberedDeviceStore,
  ) {
    const { options, clock } = runtime;
    const counters = counterStore ?? runtime.counterStore;
    this.api = api ?? runtime.api;
    this.counters = new TwoFactorCounters(counters, options);
    this.sendPolicy = new SendPolicy(counters, options);
    this.verifyWindow = new VerifyWindow(new FailClosedCounterStore(counters), clock);
    ({ recoveryCodes: this.recoveryCodes, devices: this.devices } = recoveryStores(
      options,
      {
        recoveryCodeStore: recoveryCodeStore ?? runtime.recoveryCodeStore,
        rememberedDeviceStore: rememberedDeviceStore ?? runtime.rememberedDeviceStore,
      },
      clock,
      this.production,
      this.logger,
    ));
    this.challengeEvents = new ChallengeEvents(this.events, (req) => this.sendPolicy.clientIp(req));
    const context: ChallengeContext = {
      runtime,
      api: this.api,
      counters: this.counters,
      sendPolicy: this.sendPolicy,
      events: this.challengeEvents,
      logger: this.logger,
      production: this.production,
    };
    this.dispatcher = new PinDispatcher(context, {
      send: (purpose, template, to) => this.send(purpose, template, to),
      resendOver: (channel, pinId) => this.resendOver(channel, pinId),
    });
    this.verifier = new PinVerifier(context, this.verifyWindow, this.recoveryCodes, this.devices);
    this.recovery = new AccountRecoveryFlows(
      runtime,
      this.verifier,
      this.recoveryCodes,
      this.devices,
      this.challengeEvents,
      this.logger,
      this.production,
      (req, maxAgeMs) => this.isVerified(req, maxAgeMs),
    );
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
  start(req: TwoFactorRequest, input: StartTwoFactorInput): Promise<TwoFactorStatus> {
    return this.dispatcher.start(req, input);
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
    this.dispatcher.checkDestination(purpose, destination, channel);
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
  verify(req: TwoFactorRequest, pin: unknown, options: VerifyOptions = {}): Promise<{ verified: true }> {
    return this.verifier.verify(req, pin, options);
  }

  /**
   * Verifies the session's challenge with one of the user's recovery codes instead
   * of the PIN (for a user without the phone). Each code works once, also under
   * parallel requests; a wrong code counts as a failed attempt of the user
   * (`maxConsecutiveFailures`), like a wrong PIN.
   * @throws TwoFactorException `bad_request` (not shaped like a recovery code), `no_challenge`,
   *   `invalid_pin`, `too_many_attempts`, `provider_unavailable` (store down).
   */
  verifyRecoveryCode(
    req: TwoFactorRequest,
    code: unknown,
    options: VerifyOptions = {},
  ): Promise<{ verified: true; recoveryCodesLeft: number }> {
    return this.verifier.verifyRecoveryCode(req, code, options);
  }

  /**
   * A new set of recovery codes for the session's user, to show once; the old set
   * stops working. Needs a session verified with a PIN at most 5 minutes ago (a
   * remembered device or a recovery code is not enough).
   * @throws TwoFactorException `two_factor_required`, `provider_unavailable` (store down).
   */
  createRecoveryCodes(req: TwoFactorRequest): Promise<string[]> {
    return this.recovery.createRecoveryCodes(req);
  }

  /** Unused recovery codes of a user. */
  recoveryCodesLeft(userId: string): Promise<number> {
    return this.recovery.recoveryCodesLeft(userId);
  }

  /**
   * Signs the session in without a PIN when its browser carries a device the user
   * asked to remember ({@link VerifyOptions.rememberDevice}), still valid: the
   * session gets a new id and a verified mark that never satisfies a step-up
   * `maxAge`. Answers false (and changes nothing) otherwise: then call {@link start}.
   */
  signInRemembered(req: TwoFactorRequest, input: StartTwoFactorInput): Promise<boolean> {
    return this.recovery.signInRemembered(req, input);
  }

  /**
   * Forgets every remembered device of a user (e.g. on a password change, or from
   * "sign out everywhere"), and clears the cookie of this request's browser.
   */
  forgetDevices(req: TwoFactorRequest, userId: string): Promise<void> {
    return this.recovery.forgetDevices(req, userId);
  }

  /**
   * Sends the same PIN again, optionally over another channel of the same kind
   * (sms and voice share phone numbers) for which the purpose has a template.
   * Waits `resendCooldown` between sends; at most `maxResends` per challenge.
   * @throws TwoFactorException `bad_request`, `no_challenge`, `rate_limited` (with Retry-After),
   *   `too_many_attempts`, `pin_expired`, `provider_unavailable`.
   */
  resend(req: TwoFactorRequest, channel?: unknown): Promise<TwoFactorStatus> {
    return this.dispatcher.resend(req, channel);
  }

  /**
   * The session's second-factor status (never the PIN, pinId or full destination).
   * @throws Error (answered as 500) when express-session is missing or unfit, as every 2FA route does.
   */
  status(req: TwoFactorRequest): TwoFactorStatus {
    requireSession(req, this.production);
    return toTwoFactorStatus(readTwoFactorState(req));
  }

  /** Forgets the session's challenge and verified mark (e.g. at logout or when switching user). */
  cancel(req: TwoFactorRequest): void {
    const session = (req as Partial<RequestWithSession>).session;
    if (session) delete session.twoFactor;
  }

  /** Whether the session verified a second factor, at most `maxAgeMs` ago when given. */
  isVerified(req: TwoFactorRequest, maxAgeMs?: number): boolean {
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
  clientIp(req: TwoFactorRequest): string | undefined {
    return this.sendPolicy.clientIp(req);
  }

  /** Whether the session has a challenge waiting for its PIN (and must stay confined). */
  isPending(req: TwoFactorRequest): boolean {
    return readTwoFactorState(req)?.state === 'pending';
  }

  async onApplicationShutdown(): Promise<void> {
    this.verifyWindow.close();
    this.events.clear();
    await this.runtime.close();
  }

  /** Sends a new PIN; override to add placeholders or a sender. */
  protected send(
    purpose: ResolvedPurpose,
    template: ResolvedTemplate,
    to: string,
  ): Promise<{ pinId?: string }> {
    return sendPinOver(this.api, purpose, template, to);
  }

  /** Sends the challenge's PIN again over `channel`. */
  protected resendOver(channel: PinChannel, pinId: string): Promise<unknown> {
    return resendPinOver(this.api, channel, pinId);
  }
}
