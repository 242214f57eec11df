import { InMemoryCounterStore } from './in-memory-counter.store';

describe('InMemoryCounterStore', () => {
  const T0 = Date.UTC(2026, 0, 1);
  let store: InMemoryCounterStore;

  beforeEach(() => {
    store = new InMemoryCounterStore();
  });
  afterEach(() => store.close());

  it('admits `count` hits per window and refuses the next without counting it', async () => {
    const limit = { count: 3, windowMs: 1_000 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await store.hit('k', limit, T0 + i));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.count)).toEqual([1, 2, 3, 3, 3]);
    expect(new Set(results.map((r) => r.resetAt))).toEqual(new Set([T0 + 1_000]));
  });

  it('starts the window at the first hit and opens a new one once it has ended', async () => {
    const limit = { count: 1, windowMs: 30_000 };
    expect((await store.hit('k', limit, T0 + 500)).allowed).toBe(true);
    expect((await store.hit('k', limit, T0 + 30_499)).allowed).toBe(false);
    const next = await store.hit('k', limit, T0 + 30_500);
    expect(next).toEqual({ allowed: true, count: 1, resetAt: T0 + 60_500 });
  });

  it('keeps keys apart', async () => {
    const limit = { count: 1, windowMs: 1_000 };
    expect((await store.hit('a', limit, T0)).allowed).toBe(true);
    expect((await store.hit('b', limit, T0)).allowed).toBe(true);
    expect((await store.hit('a', limit, T0)).allowed).toBe(false);
  });

  it('get answers the live window and nothing after it ended', async () => {
    await store.hit('k', { count: 5, windowMs: 1_000 }, T0);
    await store.hit('k', { count: 5, windowMs: 1_000 }, T0 + 10);
    expect(await store.get('k', T0 + 999)).toEqual({ count: 2, resetAt: T0 + 1_000 });
    expect(await store.get('k', T0 + 1_000)).toBeUndefined();
    expect(store.size).toBe(0);
    expect(await store.get('other', T0)).toBeUndefined();
  });

  it('reset forgets a key', async () => {
    const limit = { count: 1, windowMs: 60_000 };
    await store.hit('k', limit, T0);
    await store.reset('k');
    expect(await store.get('k', T0)).toBeUndefined();
    expect((await store.hit('k', limit, T0)).allowed).toBe(true);
  });

  it('never admits more than the limit when hits race', async () => {
    const limit = { count: 7, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 50 }, () => store.hit('k', limit, T0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });

  it('sweeps windows that ended by the latest time it was given, not by the wall clock', async () => {
    const past = Date.UTC(2001, 0, 1);
    await store.hit('old', { count: 1, windowMs: 1_000 }, past);
    await store.hit('live', { count: 1, windowMs: 10_000 }, past);
    store.sweep();
    expect(store.size).toBe(2);
    await store.get('unrelated', past + 5_000);
    store.sweep();
    expect(store.size).toBe(1);
    expect(await store.get('live', past + 5_000)).toEqual({ count: 1, resetAt: past + 10_000 });
  });

  it('refuses nonsense limits and times', async () => {
    await expect(store.hit('k', { count: 0, windowMs: 1 }, T0)).rejects.toThrow(/limit.count/);
    await expect(store.hit('k', { count: 1, windowMs: 0 }, T0)).rejects.toThrow(/limit.windowMs/);
    await expect(store.hit('k', { count: 1, windowMs: 1 }, Number.NaN)).rejects.toThrow(/now/);
    expect(() => new InMemoryCounterStore({ sweepIntervalMs: 0 })).toThrow(/sweepIntervalMs/);
  });

  it('close stops the sweep timer and empties the store', async () => {
    const local = new InMemoryCounterStore({ sweepIntervalMs: 10 });
    await local.hit('k', { count: 1, windowMs: 1_000 }, T0);
    await local.close();
    expect(local.size).toBe(0);
    await local.close();
  });
});
