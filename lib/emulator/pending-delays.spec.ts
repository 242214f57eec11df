import type { ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import { PendingDelays } from './pending-delays';

/** The part of a response the delays use: its `close` event and `destroyed`. */
function fakeResponse(): ServerResponse & EventEmitter {
  return Object.assign(new EventEmitter(), { destroyed: false }) as unknown as ServerResponse & EventEmitter;
}

describe('PendingDelays', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves true once the delay has passed', async () => {
    const delays = new PendingDelays();
    const res = fakeResponse();
    const waited = delays.wait(1_000, res);
    jest.advanceTimersByTime(999);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1);
    await expect(waited).resolves.toBe(true);
    expect(res.listenerCount('close')).toBe(0);
  });

  it('resolves false as soon as the client goes away, and clears its timer', async () => {
    const delays = new PendingDelays();
    const res = fakeResponse();
    const waited = delays.wait(60_000, res);
    res.emit('close');
    await expect(waited).resolves.toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends every wait on cancelAll, and later waits at once', async () => {
    const delays = new PendingDelays();
    const waits = [delays.wait(60_000, fakeResponse()), delays.wait(1, fakeResponse())];
    delays.cancelAll();
    await expect(Promise.all(waits)).resolves.toEqual([false, false]);
    expect(jest.getTimerCount()).toBe(0);
    await expect(delays.wait(1, fakeResponse())).resolves.toBe(false);
  });

  it('does not wait for a response already destroyed', async () => {
    const res = Object.assign(fakeResponse(), { destroyed: true });
    await expect(new PendingDelays().wait(1_000, res)).resolves.toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });
});
