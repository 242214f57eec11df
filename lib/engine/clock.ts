/** Source of the engine's time, in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock that can be moved forward: TTLs and limit windows follow it. */
export interface AdjustableClock extends Clock {
  /** Moves the clock forward by `ms` (a non-negative whole number). */
  advance(ms: number): void;
}

/**
 * Wall-clock time plus an offset that {@link advance} grows. The default clock of
 * the engine and the emulator: real time for development, movable for tests.
 */
export class OffsetClock implements AdjustableClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    assertAdvance(ms);
    this.offsetMs += ms;
  }
}

/** A clock that stands still until moved: fully deterministic, for unit tests. */
export class ManualClock implements AdjustableClock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    assertAdvance(ms);
    this.current += ms;
  }
}

function assertAdvance(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`advance takes a non-negative whole number of milliseconds, got ${ms}`);
  }
}
