import { normalizeDestination } from './validation/destination';
import type { Outbox, OutboxMessage } from './outbox';

/** Options of {@link InMemoryOutbox}. */
export interface InMemoryOutboxOptions {
  /** Messages kept; the oldest are dropped beyond it. Default 1000. */
  maxMessages?: number;
}

/**
 * Keeps the messages the engine "sent", so that tests and the emulator's
 * development endpoints can read the PINs. Development use only: it holds PINs
 * in clear.
 */
export class InMemoryOutbox implements Outbox {
  private readonly maxMessages: number;
  private messages: OutboxMessage[] = [];

  constructor(options: InMemoryOutboxOptions = {}) {
    const max = options.maxMessages ?? 1000;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`InMemoryOutbox maxMessages must be a positive whole number, got ${max}`);
    }
    this.maxMessages = max;
  }

  deliver(message: OutboxMessage): void {
    this.messages.push({ ...message });
    if (this.messages.length > this.maxMessages) this.messages.shift();
  }

  /**
   * Messages, oldest first; only those sent to `to` when given (compared as the
   * engine files destinations: a leading `+` and the case of emails don't matter).
   */
  list(to?: string): OutboxMessage[] {
    const wanted = to === undefined ? undefined : normalizeDestination(to);
    return this.messages.filter((m) => wanted === undefined || m.to === wanted).map((m) => ({ ...m }));
  }

  /** The last message sent to `to`, if any. */
  latest(to: string): OutboxMessage | undefined {
    const wanted = normalizeDestination(to);
    for (let i = this.messages.length - 1; i >= 0; i--) {
      if (this.messages[i].to === wanted) return { ...this.messages[i] };
    }
    return undefined;
  }

  /** Forgets every message. */
  clear(): void {
    this.messages = [];
  }
}
