import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const LAUNCHER = join(__dirname, 'run-sample.cjs');
// "[2fa outbox] sms to +*******6727: Your sign-in code is 123456"
const OUTBOX_LINE = /\[2fa outbox\] \w+ to \+\**(\d{4}): .*?(\d{6})\s*$/;
const LISTENING = /sample app listening on http:\/\/localhost:(\d+)/;

type LineWaiter = { match: (line: string) => boolean; resolve: (line: string) => void };

/**
 * The sample app in a process of its own (`sample-app/main.ts` from source), as one of several
 * instances behind a load balancer. Its console is read line by line: the embedded engine prints
 * each PIN it sends there (development mode), and that is how a test reads them.
 */
export class SampleInstance {
  private readonly lines: string[] = [];
  private readonly waiters = new Set<LineWaiter>();
  private partial = '';
  private exited = false;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const onData = (chunk: Buffer): void => {
      const text = this.partial + chunk.toString('utf8');
      const complete = text.split('\n');
      this.partial = complete.pop() ?? '';
      for (const line of complete) this.onLine(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => {
      this.exited = true;
    });
  }

  /** Starts an instance with `env` (plus `PORT=0`) and waits until it listens. */
  static async start(name: string, env: Record<string, string>): Promise<SampleInstance> {
    const child = spawn(process.execPath, [LAUNCHER], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance = new SampleInstance(name, child);
    const exit = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`${name} exited (${code}) before listening:\n${instance.lines.join('\n')}`)),
      ),
    );
    const line = await Promise.race([instance.waitForLine(LISTENING), exit]);
    instance.url = `http://127.0.0.1:${LISTENING.exec(line)![1]}`;
    exit.catch(() => undefined);
    return instance;
  }

  /** PINs this instance sent to a destination ending in `last4`, oldest first. */
  pins(last4: string): string[] {
    return this.lines.flatMap((line) => {
      const match = OUTBOX_LINE.exec(line);
      return match && match[1] === last4 ? [match[2]] : [];
    });
  }

  /** Console lines printed so far that match `pattern`. */
  printed(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  /** Waits until this instance has sent `count` PINs to `last4`; answers the latest. */
  async waitForPin(last4: string, count: number): Promise<string> {
    const enough = (): boolean => this.pins(last4).length >= count;
    if (!enough()) await this.waitForLine(enough);
    return this.pins(last4)[count - 1];
  }

  /**
   * Waits for a console line matching `pattern` (a line already printed counts), or for a
   * state that `pattern` checks after every new line.
   */
  waitForLine(pattern: RegExp | (() => boolean), after = 0): Promise<string> {
    const match = (line: string): boolean => (pattern instanceof RegExp ? pattern.test(line) : pattern());
    if (pattern instanceof RegExp) {
      const seen = this.lines.slice(after).find(match);
      if (seen !== undefined) return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.add({ match, resolve }));
  }

  /** Number of console lines so far (to wait only for lines printed from now on). */
  get lineCount(): number {
    return this.lines.length;
  }

  /** Stops the process as a process manager would (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(line)) {
        this.waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }
}
