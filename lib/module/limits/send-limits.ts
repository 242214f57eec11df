import type { CounterStore } from '../../storage/counter-store.interface';
import { ipLimitSubject } from '../destinations/client-ip';
import { FailClosedCounterStore } from './fail-closed-counter.store';
import type { NormalizedSendLimits, SendLimitName } from '../options/normalized-options.interface';
import { sendLimitKey } from './counter-keys';

/** Who and where a send is for. */
export interface SendSubject {
  /** Normalized destination (phone digits or lower-case email). */
  destination: string;
  userId: string;
  /** Client IP; without one (not an HTTP request) the per-IP limit does not apply. */
  ip?: string;
}

/** A send refused by a limit. */
export interface SendLimitHit {
  limit: SendLimitName;
  /** The limit as configured, e.g. `5/1d`. */
  spec: string;
  /** Milliseconds until the limit's window ends. */
  retryAfterMs: number;
}

/*
 * Attacker-controlled subjects first: a client over its per-IP or per-user limit is
 * refused before it spends the victim's per-destination budget or the global one
 * (a refused hit is never counted).
 */
const ORDER: readonly SendLimitName[] = ['perIp', 'perUser', 'perDestination', 'global'];

/**
 * The send limits of one purpose (`sendLimits` and `purposes.<name>.sendLimits`),
 * counted in the `CounterStore` with one atomic hit per limit, so parallel requests
 * and several instances sharing a store cannot send more than a limit allows. Every
 * counter belongs to the purpose: sends anyone can cause (registration) never spend
 * the budget of a purpose that needs credentials (login). A failing store refuses
 * the send (503 `provider_unavailable`).
 */
export class SendLimiter {
  // A store that fails makes the send fail with 503, never skip a limit.
  private readonly store: CounterStore;

  constructor(
    store: CounterStore,
    private readonly limits: NormalizedSendLimits,
    private readonly purpose: string,
  ) {
    this.store = new FailClosedCounterStore(store);
  }

  /**
   * Counts one send against every limit, in order, stopping at the first that
   * refuses (the limits before it keep their hit: a refused attempt still costs).
   * @returns the refusing limit, or `undefined` when the send may go.
   */
  async consume(subject: SendSubject, now: number): Promise<SendLimitHit | undefined> {
    for (const name of ORDER) {
      const limit = this.limits[name];
      const key = limit && this.keyOf(name, subject);
      if (!limit || key === undefined) continue;
      const hit = await this.store.hit(key, { count: limit.count, windowMs: limit.windowMs }, now);
      if (!hit.allowed)
        return { limit: name, spec: limit.spec, retryAfterMs: Math.max(0, hit.resetAt - now) };
    }
    return undefined;
  }

  private keyOf(name: SendLimitName, subject: SendSubject): string | undefined {
    switch (name) {
      case 'perIp':
        return subject.ip === undefined
          ? undefined
          : sendLimitKey(this.purpose, 'ip', ipLimitSubject(subject.ip));
      case 'perUser':
        return sendLimitKey(this.purpose, 'user', subject.userId);
      case 'perDestination':
        return sendLimitKey(this.purpose, 'destination', subject.destination);
      case 'global':
        return sendLimitKey(this.purpose, 'global');
    }
  }
}
