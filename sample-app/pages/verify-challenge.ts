import type { PinChannel, PinType, TwoFactorSessionState } from 'nestjs-infobip-2fa';

/** The session's challenge, as the verify page shows it. */
export type VerifyChallenge =
  /** No PIN was sent to this session. */
  | { kind: 'none' }
  /** Signed in with a password, but sending the PIN failed (or the user is locked out). */
  | { kind: 'unsent' }
  | { kind: 'expired' }
  /** Every attempt of this PIN is used up. */
  | { kind: 'spent' }
  | {
      kind: 'ready';
      channel: PinChannel;
      pinType: PinType;
      pinLength: number;
      expiresInMs: number;
      attemptsRemaining?: number;
      /** Seconds until a resend is allowed (0: now); undefined when no resend is left. */
      resendInSeconds?: number;
    };

/** Reads the pending challenge of a session state at `now` (the module's clock). */
export function describeChallenge(state: TwoFactorSessionState | undefined, now: number): VerifyChallenge {
  if (state?.state !== 'pending') return { kind: 'none' };
  if (!state.pinId || state.expiresAt === undefined) return { kind: 'unsent' };
  if (state.expiresAt <= now) return { kind: 'expired' };
  if (state.attemptsRemaining === 0) return { kind: 'spent' };
  return {
    kind: 'ready',
    channel: state.channel,
    pinType: state.pinType ?? 'NUMERIC',
    pinLength: state.pinLength ?? 6,
    expiresInMs: state.expiresAt - now,
    ...(state.attemptsRemaining !== undefined ? { attemptsRemaining: state.attemptsRemaining } : {}),
    ...(state.resendAvailableAt !== undefined
      ? { resendInSeconds: Math.max(0, Math.ceil((state.resendAvailableAt - now) / 1000)) }
      : {}),
  };
}
