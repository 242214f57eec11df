import type { TwoFactorRequest } from '../session/two-factor-request';
import type { PinChannel } from '../../infobip/infobip.types';
import { assertNotLocked, providerFailure, type ChallengeContext } from './challenge-context';
import {
  destinationKind,
  maskDestination,
  normalizeDestination,
  sameDestination,
} from '../destinations/destination-format';
import { redactForLog } from './log-redaction';
import { isLostBinding, type ProviderOperation } from './provider-error.mapper';
import type { ResolvedPurpose, ResolvedTemplate } from '../runtime/purpose.resolver';
import { sessionStillStored } from '../session/session-liveness';
import { limitSessionLifetime, regenerateSession, requireSession } from '../session/session-support';
import { TwoFactorException } from '../errors/two-factor.exception';
import {
  readTwoFactorState,
  toTwoFactorStatus,
  type TwoFactorSessionState,
  type TwoFactorStatus,
} from '../session/two-factor-session';

/** Input of `TwoFactorService.start`. */
export interface StartTwoFactorInput {
  /** A purpose declared in the module options. */
  purpose: string;
  /** Phone number (international, `+` optional) or, for `email`, an email address. */
  destination: string;
  /** Who is signing in; failures are counted per user across challenges. */
  userId: string;
  /** @default the purpose's `defaultChannel` */
  channel?: PinChannel;
}

/** How a PIN goes out: the service's overridable `send` and `resendOver`. */
export interface PinSender {
  send(purpose: ResolvedPurpose, template: ResolvedTemplate, to: string): Promise<{ pinId?: string }>;
  resendOver(channel: PinChannel, pinId: string): Promise<unknown>;
}

export const CHANNELS: readonly PinChannel[] = ['sms', 'voice', 'email'];

/**
 * Sends PINs: a new challenge (`start`) and the same PIN again (`resend`), each after the
 * destination, lockout and send-limit checks, and each bound again once when the provider
 * forgot the purpose's application or template.
 */
export class PinDispatcher {
  constructor(
    private readonly context: ChallengeContext,
    private readonly sender: PinSender,
  ) {}

  /** See `TwoFactorService.start`. */
  async start(req: TwoFactorRequest, input: StartTwoFactorInput): Promise<TwoFactorStatus> {
    const { runtime, production } = this.context;
    const purpose = runtime.purpose(input?.purpose);
    requireSession(req, production);
    const channel = input.channel ?? purpose.defaultChannel;
    const template = this.templateOf(purpose, channel);
    if (typeof input.userId !== 'string' || input.userId === '') {
      throw new Error('TwoFactorService.start: userId must be a non-empty string identifying the user');
    }
    const destination = normalizeDestination(input.destination, channel);
    const now = runtime.now();
    // A challenge started again over a pending one: its cookie is short already.
    const configuredMaxAge = readTwoFactorState(req)?.sessionMaxAgeMs;
    await regenerateSession(requireSession(req, production), runtime.options.keepSessionFields);
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
    const fresh = requireSession(req, production).session;
    fresh.twoFactor = state;
    // A half-authenticated session should not outlive its PIN by much.
    const sessionMaxAgeMs = limitSessionLifetime(fresh.cookie, purpose.ttlMs + 60_000) ?? configuredMaxAge;
    if (sessionMaxAgeMs !== undefined) state.sessionMaxAgeMs = sessionMaxAgeMs;
    const problem = this.context.sendPolicy.destinationProblem(purpose, channel, destination);
    if (problem || !destination) throw TwoFactorException.create('bad_request', problem);
    await assertNotLocked(this.context, req, state, now);
    await this.consumeSendLimits(req, state, now);

    let answer: { pinId?: unknown; to?: unknown } | undefined;
    let bound = purpose;
    try {
      ({ answer, bound } = await this.withBinding(purpose, 'send', (current) =>
        this.sender.send(current, this.templateOf(current, channel), destination),
      ));
    } catch (error) {
      throw providerFailure(this.context, error, 'send', req, state);
    }
    const pinId = answer?.pinId;
    if (typeof pinId !== 'string' || pinId === '') {
      this.context.logger.error('2FA provider answered a send without pinId');
      throw TwoFactorException.create('provider_unavailable');
    }
    this.assertSameRecipient(answer?.to, destination, 'send');
    if (bound !== purpose) {
      // Sent with the purpose bound again: its template and lifetime are the ones that count.
      const sentWith = this.templateOf(bound, channel);
      Object.assign(state, { pinType: sentWith.pinType, pinLength: sentWith.pinLength });
      limitSessionLifetime(fresh.cookie, bound.ttlMs + 60_000);
    }
    const sentAt = runtime.now();
    Object.assign(state, {
      pinId,
      expiresAt: sentAt + bound.ttlMs,
      attemptsRemaining: bound.configuration.pinAttempts,
      lastSentAt: sentAt,
    });
    state.resendAvailableAt = await this.context.counters.startCooldown(pinId, sentAt);
    this.context.events.emit('sent', req, state);
    return toTwoFactorStatus(state);
  }

  /** See `TwoFactorService.checkDestination`. */
  checkDestination(purpose: string, destination: unknown, channel?: PinChannel): void {
    const resolved = this.context.runtime.purpose(purpose);
    const to = channel ?? resolved.defaultChannel;
    this.templateOf(resolved, to);
    const problem = this.context.sendPolicy.destinationProblem(
      resolved,
      to,
      normalizeDestination(destination, to),
    );
    if (problem) throw TwoFactorException.create('bad_request', problem);
  }

  /** See `TwoFactorService.resend`. */
  async resend(req: TwoFactorRequest, channel?: unknown): Promise<TwoFactorStatus> {
    const { runtime } = this.context;
    requireSession(req, this.context.production);
    const state = readTwoFactorState(req);
    if (!state || state.state !== 'pending' || !state.pinId) throw TwoFactorException.create('no_challenge');
    const pinId = state.pinId;
    const purpose = runtime.purposeNames().includes(state.purpose) ? runtime.purpose(state.purpose) : null;
    if (!purpose) throw TwoFactorException.create('no_challenge');
    const target = channel ?? state.channel;
    if (!CHANNELS.includes(target as PinChannel)) {
      throw TwoFactorException.create('bad_request', `channel must be one of ${CHANNELS.join(', ')}.`);
    }
    const to = target as PinChannel;
    if (!purpose.templates[to] || destinationKind(to) !== destinationKind(state.channel)) {
      throw TwoFactorException.create('bad_request', `This code cannot be sent by ${to}.`);
    }
    const now = runtime.now();
    await assertNotLocked(this.context, req, state, now);
    const counted = await this.context.counters.consumeResend(pinId, purpose.ttlMs, now);
    await this.consumeSendLimits(req, state, now);
    let answer: unknown;
    try {
      ({ answer } = await this.withBinding(purpose, 'resend', () => this.sender.resendOver(to, pinId)));
    } catch (error) {
      throw providerFailure(this.context, error, 'resend', req, state);
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
    this.context.events.emit('resent', req, shown);
    return toTwoFactorStatus(shown);
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
      const { logger } = this.context;
      let bound: ResolvedPurpose;
      try {
        bound = await this.context.runtime.rebindPurpose(purpose);
      } catch (failure) {
        const reason = failure instanceof Error ? failure.message : String(failure);
        logger.error(
          `2FA purpose "${purpose.name}": the provider no longer knows its application or template, ` +
            `and binding it again failed: ${redactForLog(reason)}`,
        );
        throw error;
      }
      logger.warn(
        `2FA purpose "${purpose.name}": the provider no longer knew its application or template; ` +
          `bound again to application ${bound.applicationId}`,
      );
      return { answer: await call(bound), bound };
    }
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
  private async consumeSendLimits(
    req: TwoFactorRequest,
    state: TwoFactorSessionState,
    now: number,
  ): Promise<void> {
    const hit = await this.context.sendPolicy.consume(req, state, now);
    if (!hit) return;
    this.context.events.limited(req, state, hit);
    throw TwoFactorException.create(
      'rate_limited',
      'Too many codes were requested. Try again later.',
      hit.retryAfterMs / 1000,
    );
  }

  /** Fails closed when the provider says it sent to another recipient than asked. */
  private assertSameRecipient(to: unknown, destination: string, operation: ProviderOperation): void {
    if (to === undefined || sameDestination(to, destination)) return;
    this.context.logger.error(
      `2FA provider answered a ${operation} for another recipient than asked; refused`,
    );
    throw TwoFactorException.create('provider_unavailable');
  }
}
