import type { CounterHit, CounterLimit, CounterState, CounterStore } from './counter-store.interface';

/** Options of {@link InMemoryCounterStore}. */
export interface InMemoryCounterStoreOptions {
  /** How often spent windows are swept away, in milliseconds. Default 60 000. */
  sweepIntervalMs?: number;
}

interface Entry {
  count: number;
  resetAt: number;
}

/**
 * {@link CounterStore} in process memory: for one instance, tests and development.
 *
 * Each operation runs synchronously from start to end, so a check-and-increment
 * can't interleave with another one. Spent windows are dropped when touched and by
 * a sweep timer that never keeps the process alive and stops on {@link close}.
 * The sweep compares against the latest `now` it was given, never the wall clock,
 * so it agrees with whatever clock the caller uses.
 */
export class InMemoryCounterStore implements CounterStore {
  private readonly entries = new Map<string, Entry>();
  private latestNow = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: InMemoryCounterStoreOptions = {}) {
    const interval = options.sweepIntervalMs ?? 60_000;
    if (!Number.isSafeInteger(interval) || interval <= 0) {
      throw new RangeError(
        `InMemoryCounterStore: sweepIntervalMs must be a positive whole number, got ${interval}`,
      );
    }
    this.timer = setInterval(() => this.sweep(), interval);
    this.timer.unref();
  }

  /** Number of live keys (spent windows may linger until swept or touched). */
  get size(): number {
    return this.entries.size;
  }

  async hit(key: string, limit: CounterLimit, now: number): Promise<CounterHit> {
    assertLimit(limit);
    this.observe(now);
    let entry = this.entries.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + limit.windowMs };
      this.entries.set(key, entry);
    }
    if (entry.count >= limit.count) return { allowed: false, count: entry.count, resetAt: entry.resetAt };
    entry.count += 1;
    return { allowed: true, count: entry.count, resetAt: entry.resetAt };
  }

  async get(key: string, now: number): Promise<CounterState | undefined> {
    this.observe(now);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.resetAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return { count: entry.count, resetAt: entry.resetAt };
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /** Stops the sweep timer and forgets every counter. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.entries.clear();
  }

  /** Drops every window that has ended by the latest `now` seen. */
  sweep(): void {
    for (const [key, entry] of this.entries) {
      if (entry.resetAt <= this.latestNow) this.entries.delete(key);
    }
  }

  private observe(now: number): void {
    if (!Number.isFinite(now))
      throw new RangeError(`InMemoryCounterStore: now must be a finite number, got ${now}`);
    if (now > this.latestNow) this.latestNow = now;
  }
}

function assertLimit(limit: CounterLimit): void {
  if (!limit || !Number.isSafeInteger(limit.count) || limit.count < 1) {
    throw new RangeError(
      `InMemoryCounterStore: limit.count must be a positive whole number, got ${limit?.count}`,
    );
  }
  if (!Number.isSafeInteger(limit.windowMs) || limit.windowMs < 1) {
    throw new RangeError(
      `InMemoryCounterStore: limit.windowMs must be a positive whole number, got ${limit.windowMs}`,
    );
  }
}
