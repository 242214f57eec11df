import { waitForClock, type Clock, type ClockWait } from '../../engine/clock';
import type { ParsedLimit } from '../../infobip/time-format';
import type { CounterStore } from '../../storage/counter-store.interface';
import { challengeKeys } from './counter-keys';
import { TwoFactorException } from '../errors/two-factor.exception';

/**
 * The longest a verification waits for the window: longer windows answer 429 with
 * Retry-After at once, so that no request is held open for minutes.
 */
export const MAX_WAIT_MS = 10_000;

/** What {@link VerifyWindow.enter} did before letting a verification through. */
export type VerifyEntry = 'at-once' | 'waited';

/**
 * Paces the verifications of one challenge to the provider's verify window
 * (`verifyPinLimit`, e.g. `1/3s`), so that a mistyped PIN followed at once by the
 * right one is evaluated instead of refused: a verification inside the window
 * waits out the rest of it, then goes through. Only one request waits per
 * challenge; any other one in the window is refused with 429 `rate_limited`.
 *
 * The window and the waiting slot are counters in the module's `CounterStore`,
 * so they hold across application instances sharing it. The window runs from the
 * later of the previous verification's start and its answer: the provider counts
 * from when it received that one, which is between the two.
 */
export class VerifyWindow {
  private readonly waits = new Set<ClockWait>();
  private closed = false;

  constructor(
    private readonly store: CounterStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Lets a verification of `pinId` through under `limit`, waiting (at most the
   * window after the previous verification answered, and never when that is more
   * than {@link MAX_WAIT_MS} away) when it arrives inside it.
   * @throws TwoFactorException `rate_limited` (with Retry-After) when another request already waits.
   */
  async enter(pinId: string, limit: ParsedLimit, onWait?: () => void): Promise<VerifyEntry> {
    const keys = challengeKeys(pinId);
    const arrived = this.clock.now();
    let gate = await this.store.hit(keys.verifyWindow, limit, arrived);
    if (gate.allowed) return 'at-once';
    const answeredEnd = async () =>
      (await this.store.get(keys.verifyAnswered, this.clock.now()))?.resetAt ?? 0;
    let end = Math.max(gate.resetAt, await answeredEnd());
    // A long window (e.g. `1/1h`) is a limit to answer, not a wait to hold a request for.
    if (end - arrived > MAX_WAIT_MS) throw this.refused(end);
    const waiter = await this.store.hit(
      keys.verifyWaiter,
      { count: 1, windowMs: Math.max(1, end - arrived) + limit.windowMs },
      arrived,
    );
    if (!waiter.allowed) throw this.refused(end);
    try {
      onWait?.();
      // At most twice: once for the window as it stood, once more when the verification
      // in flight answered meanwhile and so moved the window's end.
      for (let round = 0; round < 2; round++) {
        await this.wait(end);
        end = await answeredEnd();
        if (end > this.clock.now()) continue;
        gate = await this.store.hit(keys.verifyWindow, limit, this.clock.now());
        if (gate.allowed) return 'waited';
        end = gate.resetAt;
      }
      throw this.refused(end);
    } finally {
      await this.store.reset(keys.verifyWaiter);
    }
  }

  /**
   * Records that the provider answered a verification of `pinId` (whatever the
   * answer), so that the next one waits until the window counted from here is over.
   */
  async answered(pinId: string, limit: ParsedLimit): Promise<void> {
    const key = challengeKeys(pinId).verifyAnswered;
    await this.store.reset(key);
    await this.store.hit(key, { count: 1, windowMs: limit.windowMs }, this.clock.now());
  }

  /** Ends every wait at once (shutdown); waiting requests then go through or are refused. */
  close(): void {
    this.closed = true;
    for (const wait of this.waits) wait.cancel();
  }

  private async wait(at: number): Promise<void> {
    if (this.closed) return;
    const wait = waitForClock(this.clock, at);
    this.waits.add(wait);
    try {
      await wait.done;
    } finally {
      this.waits.delete(wait);
    }
  }

  private refused(end: number): TwoFactorException {
    return TwoFactorException.create(
      'rate_limited',
      'Another code for this sign-in is being checked. Try again in a moment.',
      (end - this.clock.now()) / 1000,
    );
  }
}
