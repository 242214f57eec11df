import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { LoadReply, LoadResult, LoadSpec } from './load.types';
import type { Subject } from './stats';

/** A load's result, with the CPU time (µs) the process running the load generator spent per request. */
export type MeasuredLoad = LoadResult & { hostCpuMicrosPerRequest: number };

/**
 * A separate process that runs autocannon loads on request. One per benchmark, reused across
 * rounds; {@link close} ends it.
 */
export class LoadGenerator {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(result: LoadResult): void; reject(error: Error): void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: LoadReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.result) waiter.resolve(reply.result);
      else waiter.reject(new Error(`load failed: ${reply.error}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load process exited (${code})`));
      this.pending.clear();
    });
  }

  /** Forks the load process. */
  static start(): LoadGenerator {
    return new LoadGenerator(
      fork(join(__dirname, 'autocannon.runner.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
  }

  /**
   * Runs one load and resolves with what it achieved, plus the CPU time this process spent per
   * request meanwhile (meaningful when the server under load runs in this process). Refuses
   * loads with failed requests.
   */
  async run(spec: LoadSpec): Promise<MeasuredLoad> {
    const id = this.nextId++;
    const cpuBefore = process.cpuUsage();
    const result = await new Promise<LoadResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
    const cpu = process.cpuUsage(cpuBefore);
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(
        `${spec.method ?? 'GET'} ${spec.path ?? spec.cycle?.[0]?.path ?? '/'}: ${result.non2xx} non-2xx answers and ` +
          `${result.errors} errors out of ${result.total} requests: the figure would not measure what it says`,
      );
    }
    return { ...result, hostCpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, result.total) };
  }

  /** Ends the load process. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

/**
 * A subject for {@link interleave}: runs `spec` and measures its 2xx requests per second,
 * keeping the CPU time per request of this process (the server's, when it runs here) in
 * `cpuMicros` under the subject's name.
 */
export function loadSubject(
  name: string,
  load: LoadGenerator,
  spec: LoadSpec,
  cpuMicros: Map<string, number[]>,
): Subject {
  return {
    name,
    measure: async () => {
      const result = await load.run(spec);
      cpuMicros.set(name, [...(cpuMicros.get(name) ?? []), result.hostCpuMicrosPerRequest]);
      return result.requestsPerSecond;
    },
  };
}
