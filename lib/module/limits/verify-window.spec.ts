import { ManualClock } from '../../engine/clock';
import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { TwoFactorException } from '../errors/two-factor.exception';
import { VerifyWindow } from './verify-window';

const WINDOW = { count: 1, windowMs: 3_000 };

describe('VerifyWindow', () => {
  let clock: ManualClock;
  let store: InMemoryCounterStore;
  let window: VerifyWindow;

  beforeEach(() => {
    clock = new ManualClock();
    store = new InMemoryCounterStore();
    window = new VerifyWindow(store, clock);
  });
  afterEach(async () => {
    window.close();
    await store.close();
  });

  /** Starts `enter` and answers once it waits (or settled without waiting). */
  async function entering(pinId: string) {
    let waiting = false;
    const entry = window.enter(pinId, WINDOW, () => (waiting = true));
    const settled = entry.then(
      () => true,
      () => true,
    );
    while (!waiting && !(await Promise.race([settled, Promise.resolve(false)]))) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { entry, waiting };
  }

  it('lets the first verification through at once', async () => {
    await expect(window.enter('pin-1', WINDOW)).resolves.toBe('at-once');
  });

  it('answers 429 at once, without waiting, when the window ends more than MAX_WAIT_MS away', async () => {
    const hour = { count: 1, windowMs: 3_600_000 };
    await expect(window.enter('pin-long', hour)).resolves.toBe('at-once');
    let waited = false;
    const second = window.enter('pin-long', hour, () => (waited = true));
    await expect(second).rejects.toMatchObject({ code: 'rate_limited' });
    expect(waited).toBe(false);
  });

  it('makes a second one inside the window wait until the window ends, then lets it through', async () => {
    await window.enter('pin-1', WINDOW);
    await window.answered('pin-1', WINDOW);
    clock.advance(500);
    const second = await entering('pin-1');
    expect(second.waiting).toBe(true);
    let done = false;
    void second.entry.then(() => (done = true));
    clock.advance(2_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    clock.advance(500);
    await expect(second.entry).resolves.toBe('waited');
  });

  it('lets only one request wait per challenge; others get 429 rate_limited with Retry-After', async () => {
    await window.enter('pin-1', WINDOW);
    await window.answered('pin-1', WINDOW);
    const waiter = await entering('pin-1');
    expect(waiter.waiting).toBe(true);
    const refused = await window.enter('pin-1', WINDOW).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TwoFactorException);
    expect((refused as TwoFactorException).code).toBe('rate_limited');
    expect((refused as TwoFactorException).retryAfterSeconds).toBe(3);
    // Another challenge is not held up.
    await expect(window.enter('pin-2', WINDOW)).resolves.toBe('at-once');
    clock.advance(3_000);
    await expect(waiter.entry).resolves.toBe('waited');
    // The waiting slot is free again once the waiter went through.
    clock.advance(100);
    const next = await entering('pin-1');
    expect(next.waiting).toBe(true);
    clock.advance(3_000);
    await expect(next.entry).resolves.toBe('waited');
  });

  it('counts the window from the answer of a verification still in flight', async () => {
    await window.enter('pin-1', WINDOW);
    clock.advance(1_000);
    const waiter = await entering('pin-1');
    clock.advance(1_000);
    await window.answered('pin-1', WINDOW); // the provider counted from somewhere in these 2 s
    clock.advance(1_000); // the window as first counted is over, the one from the answer is not
    let done = false;
    void waiter.entry.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    clock.advance(2_000);
    await expect(waiter.entry).resolves.toBe('waited');
  });

  it('shares the window between instances on one store', async () => {
    const other = new VerifyWindow(store, clock);
    await window.enter('pin-1', WINDOW);
    const waiter = await entering('pin-1');
    await expect(other.enter('pin-1', WINDOW)).rejects.toMatchObject({ code: 'rate_limited' });
    clock.advance(3_000);
    await expect(waiter.entry).resolves.toBe('waited');
    other.close();
  });
});
