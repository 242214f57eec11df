import type { TwoFactorRequest } from '../session/two-factor-request';
import type { SendLimitHit } from '../limits/send-limits';
import { sessionIdHash } from '../session/http-platform';
import {
  TwoFactorEvents,
  type TwoFactorEventMap,
  type TwoFactorEventName,
  type TwoFactorEventPayload,
} from './two-factor.events';
import { TwoFactorException } from '../errors/two-factor.exception';
import type { TwoFactorSessionState } from '../session/two-factor-session';

/** The events without a payload of their own. */
export type PlainEventName = Exclude<TwoFactorEventName, 'limited' | 'recoveryCodeUsed'>;

/**
 * Builds the payloads of the service's events from a request and its challenge (never the PIN,
 * the pinId or the full destination) and emits them.
 */
export class ChallengeEvents {
  constructor(
    readonly events: TwoFactorEvents,
    private readonly clientIp: (req: TwoFactorRequest) => string | undefined,
  ) {}

  emit(event: PlainEventName, req: TwoFactorRequest, state: TwoFactorSessionState, reason?: string): void {
    this.events.emit(event, this.payloadOf(req, state, reason));
  }

  /** `failed` with `code`; answers the exception to throw (`exception`, else one made for `code`). */
  fail(
    req: TwoFactorRequest,
    state: TwoFactorSessionState,
    code: TwoFactorException['code'],
    options: { message?: string; exception?: TwoFactorException } = {},
  ): TwoFactorException {
    this.emit('failed', req, state, code);
    return options.exception ?? TwoFactorException.create(code, options.message);
  }

  limited(req: TwoFactorRequest, state: TwoFactorSessionState, hit: SendLimitHit): void {
    const payload: TwoFactorEventMap['limited'] = {
      ...this.payloadOf(req, state, 'rate_limited'),
      limit: hit.limit,
      spec: hit.spec,
      retryAfterSeconds: Math.max(1, Math.ceil(hit.retryAfterMs / 1000)),
    };
    this.events.emit('limited', payload);
  }

  recoveryCodeUsed(req: TwoFactorRequest, state: TwoFactorSessionState, recoveryCodesLeft: number): void {
    this.events.emit('recoveryCodeUsed', { ...this.payloadOf(req, state), recoveryCodesLeft });
  }

  private payloadOf(
    req: TwoFactorRequest,
    state: TwoFactorSessionState,
    reason?: string,
  ): TwoFactorEventPayload {
    const payload: TwoFactorEventPayload = {
      purpose: state.purpose,
      userId: state.userId,
      channel: state.channel,
      maskedDestination: state.maskedDestination,
    };
    const hash = sessionIdHash(req);
    if (hash) payload.sessionIdHash = hash;
    if (reason) payload.reason = reason;
    const ip = this.clientIp(req);
    if (ip) payload.ip = ip;
    return payload;
  }
}
