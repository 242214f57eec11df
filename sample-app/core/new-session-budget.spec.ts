import { InMemoryCounterStore } from 'nestjs-infobip-2fa';
import { limitNewSessionSaves } from './new-session-budget';

/** A session as both session middlewares store it: `save(callback)` writes it to `stored`. */
function session(stored: string[], id: string) {
  return {
    save(callback?: (error?: unknown) => void) {
      stored.push(id);
      callback?.();
    },
  };
}

const save = (s: { save(callback?: (error?: unknown) => void): unknown }) =>
  new Promise<unknown>((resolve) => s.save(resolve));

describe('limitNewSessionSaves', () => {
  it('stores the new sessions of one address up to the limit, then drops them without failing', async () => {
    const counters = new InMemoryCounterStore();
    const stored: string[] = [];
    const options = { counters, now: () => 0, limit: { count: 2, windowMs: 60_000 } };
    for (const id of ['a', 'b', 'c']) {
      const s = session(stored, id);
      limitNewSessionSaves(s, '203.0.113.7', options);
      expect(await save(s)).toBeUndefined();
    }
    expect(stored).toEqual(['a', 'b']);
    // Another address has a budget of its own; an IPv6 /64 is one address.
    const other = session(stored, 'd');
    limitNewSessionSaves(other, '2001:db8::1', options);
    await save(other);
    const neighbour = session(stored, 'e');
    limitNewSessionSaves(neighbour, '2001:db8::2', options);
    await save(neighbour);
    const third = session(stored, 'f');
    limitNewSessionSaves(third, '2001:db8::3', options);
    await save(third);
    expect(stored).toEqual(['a', 'b', 'd', 'e']);
  });

  it('fails the save when the counters fail, storing nothing', async () => {
    const counters = new InMemoryCounterStore();
    jest.spyOn(counters, 'hit').mockRejectedValue(new Error('counters down'));
    const stored: string[] = [];
    const s = session(stored, 'a');
    limitNewSessionSaves(s, '203.0.113.7', { counters, now: () => 0 });
    expect(await save(s)).toEqual(new Error('counters down'));
    expect(stored).toEqual([]);
  });
});
