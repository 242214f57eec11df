import { ManualClock } from '../../engine/clock';
import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { CounterThrottlerStorage } from './counter-throttler.storage';

describe('CounterThrottlerStorage', () => {
  it('counts in the counter store on the given clock, and blocks until the window ends', async () => {
    const store = new InMemoryCounterStore();
    const clock = new ManualClock(1_000_000);
    const storage = new CounterThrottlerStorage(store, clock);
    const hit = () => storage.increment('key', 60_000, 2, 60_000, 'two-factor');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    clock.advance(15_000);
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toEqual({ totalHits: 3, timeToExpire: 45, isBlocked: true, timeToBlockExpire: 45 });
    clock.advance(45_000);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    await store.close();
  });
});
