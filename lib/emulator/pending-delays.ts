import type { ServerResponse } from 'node:http';

/**
 * Timers of `delay` faults. A wait ends early, with `false`, when the client
 * goes away or the emulator closes, so that neither a late answer is written
 * to a dead socket nor `close()` waits for a delay to run out.
 */
export class PendingDelays {
  private readonly cancels = new Set<() => void>();
  private closed = false;

  /** Resolves `true` after `ms`, or `false` as soon as `res` closes or {@link cancelAll} runs. */
  wait(ms: number, res: ServerResponse): Promise<boolean> {
    if (this.closed || res.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (elapsed: boolean): void => {
        clearTimeout(timer);
        res.off('close', cancel);
        this.cancels.delete(cancel);
        resolve(elapsed);
      };
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      // A pending delay alone must not keep a process alive.
      timer.unref();
      res.once('close', cancel);
      this.cancels.add(cancel);
    });
  }

  /** Ends every wait with `false`; later waits end at once. */
  cancelAll(): void {
    this.closed = true;
    for (const cancel of [...this.cancels]) cancel();
  }
}
