import { Logger } from '@nestjs/common';
import type { PinChannel } from '../../infobip/infobip.types';
import type { SendLimitName } from '../options/normalized-options.interface';

/**
 * What a two-factor event tells. Never the PIN, the pinId or the full destination.
 */
export interface TwoFactorEventPayload {
  purpose: string;
  userId: string;
  channel: PinChannel;
  maskedDestination: string;
  /** First 16 hex characters of the SHA-256 of the session id: correlates events, reveals nothing. */
  sessionIdHash?: string;
  /**
   * Why it failed (`failed`, `locked`, `limited`): an error code such as `invalid_pin`;
   * for `verified`, `recovery_code` or `remembered_device` when no PIN was entered.
   */
  reason?: string;
  /** The client's IP address, as the `trustedProxies` and `trustProxyHops` options find it, when known. */
  ip?: string;
}

/** What the `limited` event tells: which send limit refused a PIN. */
export interface TwoFactorLimitedEventPayload extends TwoFactorEventPayload {
  /** The limit that refused the send. */
  limit: SendLimitName;
  /** The limit as configured, e.g. `5/1d`. */
  spec: string;
  /** Seconds until the limit lets a PIN through again (the `Retry-After` answered). */
  retryAfterSeconds: number;
}

/** What the `recoveryCodeUsed` event tells. */
export interface TwoFactorRecoveryCodeEventPayload extends TwoFactorEventPayload {
  /** Unused recovery codes the user has left. */
  recoveryCodesLeft: number;
}

/** The events and their payloads. */
export interface TwoFactorEventMap {
  /** A PIN was sent for a new challenge. */
  sent: TwoFactorEventPayload;
  /** A challenge was verified; the session is upgraded. */
  verified: TwoFactorEventPayload;
  /** A verification failed (wrong or expired PIN, spent challenge, provider failure). */
  failed: TwoFactorEventPayload;
  /** A user reached `maxConsecutiveFailures` and is locked out for `failureLockout`. */
  locked: TwoFactorEventPayload;
  /** A PIN was sent again. */
  resent: TwoFactorEventPayload;
  /**
   * A verification arrived inside the provider's verify window (`verifyPinLimit`)
   * after another one of the same challenge, and waits for the window to end.
   */
  waiting: TwoFactorEventPayload;
  /** A user created a new set of recovery codes (the old set stopped working). Never the codes. */
  recoveryCodesCreated: TwoFactorEventPayload;
  /** A recovery code signed a user in (and is used up). Never the code. */
  recoveryCodeUsed: TwoFactorRecoveryCodeEventPayload;
  /** Every remembered device of a user was forgotten. */
  devicesForgotten: TwoFactorEventPayload;
  /**
   * A send or resend was refused by a send limit (`sendLimits`); nothing was sent.
   * Many of these, especially `global`, suggest SMS pumping: alert on them.
   */
  limited: TwoFactorLimitedEventPayload;
}

/** Name of a two-factor event. */
export type TwoFactorEventName = keyof TwoFactorEventMap;

/** A listener of one event. */
export type TwoFactorEventListener<E extends TwoFactorEventName> = (payload: TwoFactorEventMap[E]) => void;

/**
 * A tiny typed emitter for audit logs and user notifications. Listeners run
 * synchronously; one that throws is logged and never breaks the request.
 *
 * @example
 * service.events.on('locked', (e) => audit.warn('2fa lockout', e));
 */
export class TwoFactorEvents {
  private readonly logger = new Logger('TwoFactorEvents');
  private readonly listeners = new Map<TwoFactorEventName, Set<(payload: never) => void>>();

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends TwoFactorEventName>(event: E, listener: TwoFactorEventListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => this.off(event, listener);
  }

  /** Unsubscribes. */
  off<E extends TwoFactorEventName>(event: E, listener: TwoFactorEventListener<E>): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /** Calls each listener of `event` with a frozen copy of `payload`. */
  emit<E extends TwoFactorEventName>(event: E, payload: TwoFactorEventMap[E]): void {
    const set = this.listeners.get(event);
    if (!set?.size) return;
    // A frozen copy: one listener cannot change what the next one sees.
    const frozen = Object.freeze({ ...payload }) as unknown as TwoFactorEventMap[E];
    for (const listener of [...set]) {
      try {
        (listener as TwoFactorEventListener<E>)(frozen);
      } catch (error) {
        this.logger.error(
          `a "${event}" listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
