/** Source of the engine's time, in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock that can be moved forward: TTLs and limit windows follow it. */
export interface AdjustableClock extends Clock {
  /** Moves the clock forward by `ms` (a non-negative whole number). */
  advance(ms: number): void;
  /**
   * Calls `listener` after every {@link advance}, so that whoever waits for a time on
   * this clock wakes when a test moves it. Returns a function that unsubscribes.
   */
  onAdvance?(listener: () => void): () => void;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/**
 * Wall-clock time plus an offset that {@link advance} grows. The default clock of
 * the engine and the emulator: real time for development, movable for tests.
 */
export class OffsetClock implements AdjustableClock {
  private offsetMs = 0;
  private readonly listeners = new AdvanceListeners();

  /** @param base the time to add the offset to; default the system clock (`Date.now()`). */
  constructor(private readonly base: Clock = SYSTEM_CLOCK) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(ms: number): void {
    assertAdvance(ms);
    this.offsetMs += ms;
    this.listeners.notify();
  }

  onAdvance(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
}

/** A clock that stands still until moved: fully deterministic, for unit tests. */
export class ManualClock implements AdjustableClock {
  private readonly listeners = new AdvanceListeners();

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    assertAdvance(ms);
    this.current += ms;
    this.listeners.notify();
  }

  onAdvance(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
}

/** Whether `clock` can be moved forward. */
export function isAdjustableClock(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advance === 'function';
}

/** A wait started by {@link waitForClock}. */
export interface ClockWait {
  /** Settles once the clock reached the time, or the real time ran out. */
  readonly done: Promise<void>;
  /** Ends the wait at once (e.g. at shutdown); `done` then settles. */
  cancel(): void;
}

/**
 * Waits until `clock` reads `at` or later, and at most `at - clock.now()`
 * milliseconds of real time: a clock that tests move ({@link AdjustableClock.onAdvance})
 * ends the wait when moved, so tests never sleep; a clock that nobody moves still
 * lets the wait end in bounded time. The timer is `unref()`ed.
 */
export function waitForClock(clock: Clock, at: number): ClockWait {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    const remaining = at - clock.now();
    if (remaining <= 0) return resolve();
    const timer = setTimeout(() => finish(), remaining);
    timer.unref();
    const unsubscribe = (clock as AdjustableClock).onAdvance?.(() => {
      if (clock.now() >= at) finish();
    });
    finish = () => {
      clearTimeout(timer);
      unsubscribe?.();
      resolve();
    };
  });
  return { done, cancel: () => finish() };
}

class AdvanceListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function assertAdvance(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`advance takes a non-negative whole number of milliseconds, got ${ms}`);
  }
}
