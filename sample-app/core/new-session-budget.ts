import { createHash } from 'node:crypto';
import type { CounterLimit, CounterStore } from 'nestjs-infobip-2fa';
import { ipLimitSubject } from 'nestjs-infobip-2fa/express';

/** New anonymous sessions stored per client address (IPv6 per /64): 100 per 10 minutes. */
export const NEW_SESSION_LIMIT: Readonly<CounterLimit> = Object.freeze({ count: 100, windowMs: 10 * 60_000 });

/** Options of {@link limitNewSessionSaves}. */
export interface NewSessionBudgetOptions {
  /** The 2FA module's counters (Redis when the app has it). */
  counters: CounterStore;
  now: () => number;
  /** @default NEW_SESSION_LIMIT */
  limit?: CounterLimit;
}

/** A session that the session middleware stores through `save(callback)`. */
interface SavableSession {
  save(callback?: (error?: unknown) => void): unknown;
}

/**
 * Makes the session middleware's `save()` of a new anonymous session (one the request brought
 * no valid cookie for) count against the address's budget: over it, the session is silently not
 * stored (its forms then answer "expired"), so a script fetching pages can't fill the session
 * store. A session made later in the request (a new id at sign-in) is another object, never
 * limited. A failing counter store fails the save, as a failing session store would.
 */
export function limitNewSessionSaves(
  session: SavableSession,
  ip: string,
  options: NewSessionBudgetOptions,
): void {
  const key = `sample:new-session:${createHash('sha256').update(ipLimitSubject(ip)).digest('hex').slice(0, 32)}`;
  const save = session.save.bind(session);
  // Stored through save(): counted then, and only then.
  Object.defineProperty(session, 'save', {
    enumerable: false,
    value: (callback?: (error?: unknown) => void) => {
      options.counters.hit(key, options.limit ?? NEW_SESSION_LIMIT, options.now()).then(
        (hit) => (hit.allowed ? save(callback) : callback?.()),
        (error: unknown) => callback?.(error),
      );
      return session;
    },
  });
}
