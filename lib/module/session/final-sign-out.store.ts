import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SessionStore, StoredSession } from './session-store';
import type { CounterStore } from '../../storage/counter-store.interface';

type Callback = (error?: unknown) => void;

/** Options of {@link FinalSignOutStore}. */
export interface FinalSignOutStoreOptions {
  /**
   * Where the marks of destroyed session ids live. Share it between instances (the
   * `RedisCounterStore` the module counts in), or a sign-out on one instance is not
   * final on another.
   */
  counterStore: CounterStore;
  /**
   * How long a destroyed id stays refused, in milliseconds: at least the longest a
   * request may stay in flight, best the sessions' absolute lifetime.
   * @default 86_400_000 (one day)
   */
  tombstoneTtlMs?: number;
  /**
   * The time the marks are counted on.
   * @default Date.now
   */
  now?: () => number;
}

const DEFAULT_TOMBSTONE_TTL_MS = 86_400_000;

/**
 * An express-session store around another one (MemoryStore, connect-redis…) that makes
 * sign-out final: once a session id was destroyed (sign-out, or the id renewed at sign-in
 * or after a PIN), it is never written again. express-session saves, at the end of every
 * request, the copy of the session it loaded at the start; a request still in flight when
 * the user signed out (a slow form post, a stolen cookie kept busy) would otherwise store
 * the destroyed session again under its old id, and the old cookie would work again.
 *
 * A destroyed id that was stored gets a mark in the counter store (hashed, with
 * `tombstoneTtlMs`) before it is deleted; writes and reads of a marked id are dropped, and a write that raced with a
 * sign-out is deleted again right after it landed, so no order of the two brings it back.
 * A failing counter store fails the request (express-session answers with its error).
 *
 * @example
 * app.use(session({ store: new FinalSignOutStore(new RedisStore({ client }), { counterStore }), ... }));
 */
export class FinalSignOutStore<TSession extends StoredSession = StoredSession> extends EventEmitter {
  private readonly counters: CounterStore;
  private readonly ttlMs: number;
  private readonly now: () => number;

  /**
   * @param store the store that keeps the sessions (any express-session store).
   * @throws Error when `tombstoneTtlMs` is not a positive number of milliseconds.
   */
  constructor(
    readonly store: SessionStore<TSession>,
    options: FinalSignOutStoreOptions,
  ) {
    super();
    this.counters = options.counterStore;
    this.ttlMs = options.tombstoneTtlMs ?? DEFAULT_TOMBSTONE_TTL_MS;
    this.now = options.now ?? Date.now;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs <= 0) {
      throw new Error(
        'FinalSignOutStore: tombstoneTtlMs must be a positive whole number of milliseconds. ' +
          'Fix: pass the sessions’ absolute lifetime, e.g. 43_200_000 for 12 hours',
      );
    }
    // express-session watches these to know whether the store can be used.
    for (const event of ['connect', 'disconnect']) store.on(event, () => this.emit(event));
  }

  get(sid: string, callback: (error: unknown, session?: TSession | null) => void): void {
    this.ended(sid).then(
      (ended) => (ended ? callback(null, null) : this.store.get(sid, callback)),
      (error: unknown) => callback(error),
    );
  }

  set(sid: string, session: TSession, callback?: Callback): void {
    this.write(sid, (done) => this.store.set(sid, session, done), callback);
  }

  touch(sid: string, session: TSession, callback?: () => void): void {
    const touch = this.store.touch?.bind(this.store);
    if (!touch) return callback?.();
    this.write(sid, (done) => touch(sid, session, done), callback);
  }

  destroy(sid: string, callback?: Callback): void {
    const done = (error?: unknown) => callback?.(error);
    this.store.get(sid, (error: unknown, session?: TSession | null) => {
      if (error) return done(error);
      // Never stored (a new session renewed at sign-in): no other request can hold it, no mark needed.
      if (!session) return this.store.destroy(sid, done);
      // The mark first: a write that lands after the delete then finds it and is deleted again.
      this.counters
        .hit(this.keyOf(sid), { count: 1, windowMs: this.ttlMs }, this.now())
        .then(() => this.store.destroy(sid, done), done);
    });
  }

  /** Loads a session into `req` (express-session's `Store#load`, through this store). */
  load(sid: string, callback: (error: unknown, session?: TSession) => void): void {
    this.delegate('load', sid, callback);
  }

  /** Renews the request's session id (express-session's `Store#regenerate`, through this store). */
  regenerate(req: object, callback: Callback): void {
    this.delegate('regenerate', req, callback);
  }

  /**
   * Builds the request's session from stored data (express-session's `Store#createSession`).
   * @returns express-session's `Session`, typed by the app's own express-session types.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- express-session's Session, which this package does not name
  createSession(req: object, session: TSession): any {
    return this.delegate('createSession', req, session);
  }

  all(callback: (error: unknown, sessions?: TSession[] | Record<string, TSession> | null) => void): void {
    if (!this.store.all) return callback(null, []);
    this.store.all(callback);
  }

  length(callback: (error: unknown, length?: number) => void): void {
    if (!this.store.length) return callback(null, 0);
    this.store.length(callback);
  }

  clear(callback?: Callback): void {
    if (!this.store.clear) return callback?.();
    this.store.clear(callback);
  }

  /** Whether the id was destroyed. */
  private async ended(sid: string): Promise<boolean> {
    return (await this.counters.get(this.keyOf(sid), this.now())) !== undefined;
  }

  /** A write of a live id; a write that raced with its destruction is undone. */
  private write(sid: string, write: (done: Callback) => void, callback?: Callback): void {
    const finish = (error?: unknown) => callback?.(error);
    const afterWrite = (error?: unknown) => {
      if (error) return finish(error);
      this.ended(sid).then(
        (ended) => (ended ? this.store.destroy(sid, (e?: unknown) => finish(e)) : finish()),
        finish,
      );
    };
    this.ended(sid).then((ended) => (ended ? finish() : write(afterWrite)), finish);
  }

  // load, regenerate and createSession of express-session's Store class, run on this store
  // (they call get, destroy and generate on `this`), without importing express-session.
  private delegate(method: 'load' | 'regenerate' | 'createSession', ...args: unknown[]): unknown {
    const implementation = (this.store as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
    if (typeof implementation !== 'function') {
      throw new Error(
        `FinalSignOutStore: the wrapped store has no ${method}(); pass an express-session store`,
      );
    }
    return implementation.apply(this, args);
  }

  private keyOf(sid: string): string {
    return `2fa:session-ended:${createHash('sha256').update(sid).digest('hex').slice(0, 32)}`;
  }
}
