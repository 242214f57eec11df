import { Logger } from '@nestjs/common';
import type {
  CounterHit,
  CounterLimit,
  CounterState,
  CounterStore,
} from '../../storage/counter-store.interface';
import { TwoFactorException } from '../errors/two-factor.exception';

/**
 * A {@link CounterStore} whose failures (Redis unreachable, timed out, erroring) become
 * `provider_unavailable` (503): without its counters the module can't enforce a limit, so it
 * refuses the request rather than allow unlimited attempts. The log line says what failed,
 * never a key (keys hold user ids).
 */
export class FailClosedCounterStore implements CounterStore {
  private readonly logger = new Logger('TwoFactorModule');

  constructor(private readonly store: CounterStore) {}

  hit(key: string, limit: CounterLimit, now: number): Promise<CounterHit> {
    return this.guard('hit', () => this.store.hit(key, limit, now));
  }

  get(key: string, now: number): Promise<CounterState | undefined> {
    return this.guard('get', () => this.store.get(key, now));
  }

  reset(key: string): Promise<void> {
    return this.guard('reset', () => this.store.reset(key));
  }

  private async guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof TwoFactorException) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
      this.logger.error(`2FA counter store failed to ${operation}: ${reason}`);
      throw TwoFactorException.create('provider_unavailable');
    }
  }
}
