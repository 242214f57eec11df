import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { HostReply, HostRequest } from './sample-app.host';

type Pending = (reply: HostReply) => void;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A sample app running in a child process (see sample-app.host.ts). */
export class SampleAppProcess {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: HostReply) => {
      if (!('id' in message)) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  /** Starts a sample app with this environment; resolves once it listens. */
  static start(env: Record<string, string>): Promise<SampleAppProcess> {
    const child = fork(join(__dirname, 'sample-app.host.js'), [], {
      env: { ...process.env, SAMPLE_APP_ENV: JSON.stringify(env) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(new Error(`sample app exited (${code}) before it was ready`));
      child.once('exit', onExit);
      child.once('message', (message: HostReply) => {
        child.off('exit', onExit);
        if (message.type === 'ready') resolve(new SampleAppProcess(child, message.url));
        else {
          child.kill();
          reject(
            new Error(
              `sample app failed to start: ${message.type === 'failed' ? message.error : message.type}`,
            ),
          );
        }
      });
    });
  }

  /** The latest PIN the app's embedded engine sent to `to` (E.164 digits). */
  async pin(to: string): Promise<string | undefined> {
    const reply = await this.request({ type: 'pin', to });
    return reply.type === 'pin' ? reply.pin : undefined;
  }

  /** Password checks per second inside the app's process, `concurrency` at a time, for about `ms`. */
  async passwordChecks(password: string, ms: number, concurrency: number): Promise<number> {
    const reply = await this.request({ type: 'password-check', password, ms, concurrency });
    if (reply.type !== 'password-check') throw new Error('unexpected answer from the sample app process');
    return reply.perSecond;
  }

  /** Closes the app and ends the process. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' } satisfies HostRequest);
    });
  }

  private request(message: DistributiveOmit<Extract<HostRequest, { id: number }>, 'id'>): Promise<HostReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ ...message, id } as HostRequest);
    });
  }
}
