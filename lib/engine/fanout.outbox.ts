import type { Outbox, OutboxMessage } from './outbox';

/**
 * Delivers each message to several outboxes (e.g. an {@link InMemoryOutbox} for
 * tests and a {@link ConsoleOutbox} for the developer). Every outbox gets the
 * message even when another fails; the first failure is then rethrown.
 */
export class FanoutOutbox implements Outbox {
  /** The outboxes every message goes to, in order. */
  readonly outboxes: readonly Outbox[];

  constructor(outboxes: Outbox[]) {
    this.outboxes = [...outboxes];
  }

  async deliver(message: OutboxMessage): Promise<void> {
    const results = await Promise.allSettled(this.outboxes.map(async (outbox) => outbox.deliver(message)));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
