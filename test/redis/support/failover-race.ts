import type { Redis } from 'ioredis';
import type { LocalTwoFactorEngine } from '../../../lib/engine/local-two-factor.engine';
import type { VerifyPinResponse } from '../../../lib/infobip/infobip.types';

/** An answer, or `'failed'` when the call rejected (the module answers 503). */
export type Outcome = VerifyPinResponse | 'failed';

export const settle = (call: Promise<VerifyPinResponse>): Promise<Outcome> =>
  call.catch(() => 'failed' as const);

/** A six-digit PIN other than `pin`. */
export const wrongPin = (pin: string): string => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');

/** A sent PIN and the Redis key of its record. */
export interface Challenge {
  pinId: string;
  pin: string;
  key: string;
}

/**
 * Starts the race of a failover round: `wrong` wrong PINs on `guessed`, a wrong and the right PIN
 * on `raced`, all at once; resolves (with the promise of their outcomes) once the primary, read
 * through `direct` (a connection of its own: the store's connection waits for the replica), has
 * applied them all, whether or not it answered yet: the moment to kill it.
 */
export async function raceOnPrimary(
  engine: LocalTwoFactorEngine,
  direct: Redis,
  guessed: Challenge,
  raced: Challenge,
  wrong: number,
  pinAttempts: number,
): Promise<{ outcomes: Promise<Outcome[]> }> {
  const outcomes = Promise.all([
    ...Array.from({ length: wrong }, () =>
      settle(engine.verifyPin(guessed.pinId, { pin: wrongPin(guessed.pin) })),
    ),
    settle(engine.verifyPin(raced.pinId, { pin: wrongPin(raced.pin) })),
    settle(engine.verifyPin(raced.pinId, { pin: raced.pin })),
  ]);
  for (;;) {
    const [attempts, verifiedAt] = await Promise.all([
      direct.hget(guessed.key, 'attemptsRemaining'),
      direct.hget(raced.key, 'verifiedAt'),
    ]);
    if (Number(attempts) === pinAttempts - wrong && verifiedAt !== null) return { outcomes };
  }
}
