import { Logger } from '@nestjs/common';
import type { PinChannel } from '../infobip/infobip.types';

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
  /** Why it failed (`failed`, `locked`): an error code such as `invalid_pin`. */
  reason?: string;
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
    const frozen = Object.freeze({ ...payload });
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
