/** Source of the engine's time, in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock that can be moved forward: TTLs and limit windows follow it. */
export interface AdjustableClock extends Clock {
  /** Moves the clock forward by `ms` (a non-negative whole number). */
  advance(ms: number): void;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/**
 * Wall-clock time plus an offset that {@link advance} grows. The default clock of
 * the engine and the emulator: real time for development, movable for tests.
 */
export class OffsetClock implements AdjustableClock {
  private offsetMs = 0;

  /** @param base the time to add the offset to; default the system clock (`Date.now()`). */
  constructor(private readonly base: Clock = SYSTEM_CLOCK) {}

  now(): number {
    return this.base.now() + this.offsetMs;
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

/** Whether `clock` can be moved forward. */
export function isAdjustableClock(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advance === 'function';
}

function assertAdvance(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`advance takes a non-negative whole number of milliseconds, got ${ms}`);
  }
}
