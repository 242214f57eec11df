import { Redis } from 'ioredis';

/** Counts the commands a given connection sends, as MONITOR reports them. */
export class CommandCounter {
  private count = 0;
  private readonly names = new Map<string, number>();
  private markers = 0;
  private waiting?: { marker: string; resolve: () => void };

  private constructor(
    private readonly monitor: Redis,
    private readonly source: string,
  ) {
    monitor.on('monitor', (_time: string, args: string[], from: string) => {
      if (from !== this.source) return;
      if (this.waiting && args[0]?.toLowerCase() === 'echo' && args[1] === this.waiting.marker) {
        this.waiting.resolve();
        this.waiting = undefined;
        return;
      }
      this.count++;
      const name = args[0]?.toUpperCase() ?? '?';
      this.names.set(name, (this.names.get(name) ?? 0) + 1);
    });
  }

  static async watch(url: string, client: Redis): Promise<CommandCounter> {
    const info = String(await client.call('CLIENT', 'INFO'));
    const address = /\baddr=(\S+)/.exec(info)?.[1];
    if (!address) throw new Error('CLIENT INFO gave no address');
    const monitor = await new Redis(url).monitor();
    return new CommandCounter(monitor, address);
  }

  /**
   * Commands `client` sent while `work` ran, with their names (`EVALSHA x200, HGET x400`).
   * MONITOR reports asynchronously: a marker command before and after the work bounds the count.
   */
  async during(client: Redis, work: () => Promise<void>): Promise<{ count: number; names: string }> {
    await this.mark(client);
    this.count = 0;
    this.names.clear();
    await work();
    await this.mark(client);
    const names = [...this.names].map(([name, count]) => `${name} x${count}`).join(', ');
    return { count: this.count, names };
  }

  /** Sends a marker from `client` and waits until MONITOR has reported it (and so everything before it). */
  private async mark(client: Redis): Promise<void> {
    const marker = `bench-marker-${++this.markers}`;
    const seen = new Promise<void>((resolve) => (this.waiting = { marker, resolve }));
    await client.echo(marker);
    await seen;
  }

  close(): void {
    this.monitor.disconnect();
  }
}

/**
 * Counts round trips of one client: commands sent before any reply comes back (e.g. two reads
 * under one Promise.all) travel together and wait once, so they make one round trip. A batch
 * opens with a command and closes when the connection next receives data.
 */
export class RoundTripCounter {
  count = 0;
  private batchOpen = false;

  constructor(client: Redis) {
    const send = client.sendCommand.bind(client);
    client.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
      if (!this.batchOpen) {
        this.batchOpen = true;
        this.count++;
      }
      return send(...args);
    }) as Redis['sendCommand'];
    client.stream.on('data', () => (this.batchOpen = false));
  }

  /** Round trips while `work` ran. */
  async during(work: () => Promise<void>): Promise<number> {
    const before = this.count;
    await work();
    return this.count - before;
  }
}
