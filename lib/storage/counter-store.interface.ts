/** A limit on hits per fixed window. */
export interface CounterLimit {
  /** Hits admitted per window. */
  count: number;
  /** Window length in milliseconds; the window starts with its first hit. */
  windowMs: number;
}

/** Outcome of {@link CounterStore.hit}. */
export interface CounterHit {
  /** Whether this hit was counted (false once `limit.count` hits are in the window). */
  allowed: boolean;
  /** Hits in the current window, this one included when allowed. */
  count: number;
  /** When the current window ends, epoch milliseconds. */
  resetAt: number;
}

/** A live counter, as {@link CounterStore.get} answers it. */
export interface CounterState {
  count: number;
  /** When the window ends, epoch milliseconds. */
  resetAt: number;
}

/**
 * The module's own counters (resend cooldowns, resends per challenge, consecutive
 * failures per user, lockouts). Never kept in `req.session`: a client could replay
 * an older session and reset them.
 *
 * Every operation takes `now` from the caller (the module's clock), so windows
 * follow the same time as the engine and tests can move it. `hit` is one atomic
 * check-and-increment: parallel requests, and several instances sharing a store,
 * can never exceed a limit.
 *
 * Implement it to keep counters in another database; pass the instance as
 * `counterStore` in the module options.
 */
export interface CounterStore {
  /**
   * Counts one hit on `key` in a fixed window [start, start + windowMs) whose start
   * is the first hit; refuses (without counting) once `limit.count` hits are in the
   * window.
   */
  hit(key: string, limit: CounterLimit, now: number): Promise<CounterHit>;
  /** The live counter of `key`, or `undefined` when none or its window has ended. */
  get(key: string, now: number): Promise<CounterState | undefined>;
  /** Forgets `key`. */
  reset(key: string): Promise<void>;
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void>;
}

/**
 * Injection token of the {@link CounterStore} in use (same name as the interface,
 * as `ThrottlerStorage` does): `@Inject(CounterStore) store: CounterStore`.
 */
export const CounterStore = Symbol('CounterStore');
