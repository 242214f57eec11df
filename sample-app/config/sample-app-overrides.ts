import type { Store } from 'express-session';
import type { Clock } from 'nestjs-infobip-2fa';

/** Settings that only code can give (tests, embedding): they are not part of the environment contract. */
export interface SampleAppOverrides {
  /** Clock of the module's own timers and counters; tests pass the emulator's clock. */
  clock?: Clock;
  /** Print the embedded engine's PINs to the console; default: not in production. */
  printPins?: boolean;
  /**
   * Session store shared by all instances. Default: Redis (connect-redis) with `REDIS_URL`, else
   * express-session's MemoryStore (one process), which production refuses.
   */
  sessionStore?: Store;
  /** Longest wait for one Infobip request, in milliseconds. Default: the module's (10 s). */
  providerTimeoutMs?: number;
}
