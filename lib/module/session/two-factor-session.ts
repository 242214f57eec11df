import type { TwoFactorRequest } from './two-factor-request';
import type { PinChannel, PinType } from '../../infobip/infobip.types';

/**
 * What the module keeps in `req.session.twoFactor`. Server-side only: the client
 * sees the session cookie, never these fields. Counters live in the
 * `CounterStore`, not here; `attemptsRemaining` and `resends` only feed the status.
 * Times are epoch milliseconds (sessions are stored as JSON).
 */
export interface TwoFactorSessionState {
  /** `pending`: a PIN was sent (or is being sent) and not yet verified. */
  state: 'pending' | 'verified';
  purpose: string;
  userId: string;
  channel: PinChannel;
  /** Normalized destination: phone digits without `+`, or a lower-case email address. */
  destination: string;
  maskedDestination: string;
  /** The provider's challenge id; absent once verified, or when the send failed. */
  pinId?: string;
  pinType?: PinType;
  pinLength?: number;
  startedAt: number;
  expiresAt?: number;
  attemptsRemaining?: number;
  resends: number;
  lastSentAt?: number;
  resendAvailableAt?: number;
  verifiedAt?: number;
  /**
   * Verified by a remembered device instead of a second factor given now: such a
   * session never satisfies a step-up `maxAge`, nor creates recovery codes.
   */
  remembered?: boolean;
  /**
   * Verified by a recovery code: the user is in, but such a session can't replace the
   * recovery codes (one leaked code must not buy the other nine): a PIN is needed.
   */
  recoveryCode?: boolean;
  /**
   * The session cookie's lifetime (ms) before the pending challenge shortened it, given back
   * once verified.
   */
  sessionMaxAgeMs?: number;
}

/**
 * Session fields the module reads and writes. To see them typed on express-session's
 * `req.session`: `declare module 'express-session' { interface SessionData extends TwoFactorSessionData {} }`.
 */
export interface TwoFactorSessionData {
  /** Two-factor state, managed by `TwoFactorService`. */
  twoFactor?: TwoFactorSessionState;
}

/** State of a session's second factor, as the status route and `@TwoFactorState()` show it. */
export interface TwoFactorStatus {
  state: 'none' | 'pending' | 'verified';
  purpose?: string;
  channel?: PinChannel;
  /** Masked, e.g. `+*******6727`. */
  destination?: string;
  /** ISO 8601. */
  expiresAt?: string;
  attemptsRemaining?: number;
  /** ISO 8601; absent when no resend is left. */
  resendAvailableAt?: string;
  /** ISO 8601. */
  verifiedAt?: string;
}

/** The status of a session state: no PIN, no pinId, no full destination. */
export function toTwoFactorStatus(state: TwoFactorSessionState | undefined): TwoFactorStatus {
  if (!state || (state.state !== 'pending' && state.state !== 'verified')) return { state: 'none' };
  const status: TwoFactorStatus = {
    state: state.state,
    purpose: state.purpose,
    channel: state.channel,
    destination: state.maskedDestination,
  };
  if (state.state === 'verified') {
    if (state.verifiedAt !== undefined) status.verifiedAt = iso(state.verifiedAt);
    return status;
  }
  if (state.expiresAt !== undefined) status.expiresAt = iso(state.expiresAt);
  if (state.attemptsRemaining !== undefined) status.attemptsRemaining = state.attemptsRemaining;
  if (state.resendAvailableAt !== undefined && state.pinId)
    status.resendAvailableAt = iso(state.resendAvailableAt);
  return status;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The state of a verified session: the challenge (pinId, PIN format, counters) is dropped. */
export function toVerifiedState(pending: TwoFactorSessionState, verifiedAt: number): TwoFactorSessionState {
  return {
    state: 'verified',
    purpose: pending.purpose,
    userId: pending.userId,
    channel: pending.channel,
    destination: pending.destination,
    maskedDestination: pending.maskedDestination,
    startedAt: pending.startedAt,
    resends: pending.resends,
    verifiedAt,
  };
}

/** The `req.session.twoFactor` of a request, if any (never throws). */
export function readTwoFactorState(req: TwoFactorRequest | undefined): TwoFactorSessionState | undefined {
  const session = (req as { session?: TwoFactorSessionData } | undefined)?.session;
  const state = session?.twoFactor;
  return state && typeof state === 'object' ? state : undefined;
}

/**
 * The session of express-session or @fastify/session, as far as the module uses it: its state
 * under `twoFactor`, and a way to renew the id.
 */
export interface PlatformSession {
  twoFactor?: TwoFactorSessionState;
  regenerate(callback: (error?: unknown) => void): unknown;
  /** express-session's cookie (`maxAge` in ms); @fastify/session's has its own `maxAge` setter. */
  cookie?: { maxAge?: number | null };
}

/** A request whose session middleware (express-session, @fastify/session) ran. */
export type RequestWithSession = TwoFactorRequest & { session: PlatformSession };
