/** A stored session, as a session store keeps it (express-session's `SessionData`, @fastify/session's session). */
export type StoredSession = object;

/**
 * A session store with express-session's callback contract, which @fastify/session shares:
 * MemoryStore, connect-redis and the like.
 * @typeParam TSession - what it stores (express-session's `SessionData`).
 */
export interface SessionStore<TSession extends StoredSession = StoredSession> {
  get(sid: string, callback: (error: unknown, session?: TSession | null) => void): void;
  set(sid: string, session: TSession, callback?: (error?: unknown) => void): void;
  destroy(sid: string, callback?: (error?: unknown) => void): void;
  touch?(sid: string, session: TSession, callback?: () => void): void;
  all?(callback: (error: unknown, sessions?: TSession[] | Record<string, TSession> | null) => void): void;
  length?(callback: (error: unknown, length?: number) => void): void;
  clear?(callback?: (error?: unknown) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}
