import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private redis-server on a free loopback port, for tests and benchmarks: it never
 * touches a Redis it did not start, and keeps no data on disk.
 */

/** True when a `redis-server` binary is on the PATH. */
export const redisServerAvailable: boolean = spawnSync('redis-server', ['--version']).status === 0;

/** A replica's full synchronisation starts at once (Redis waits 5 s for more replicas by default). */
export const NO_SYNC_DELAY = ['--repl-diskless-sync-delay', '0'];

/** A redis-server this test run started on a free loopback port, and nothing else. */
export interface TestRedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server; the port stays reserved for {@link start}. */
  stop(): Promise<void>;
  /**
   * Starts it again on the same port (empty: no persistence); `extraArgs`, when given, follow the
   * first start's arguments from now on (e.g. `--replicaof` for a crashed primary that comes back).
   */
  start(extraArgs?: string[]): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crashed machine would: nothing is flushed. */
  kill(): Promise<void>;
  /** Freezes the process (SIGSTOP), as a stalled machine: it neither reads nor answers. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** More `redis-server` arguments, e.g. `['--replicaof', '127.0.0.1', '6390']`. */
  args?: string[];
  /**
   * The console line that says the server is ready.
   * @default 'Ready to accept connections' (Sentinel mode prints `+monitor master`)
   */
  readyLine?: string;
  /** A config file to start from (Sentinel needs a writable one); arguments go after it. */
  configFile?: string;
}

/** A free TCP port on 127.0.0.1 (free when asked: start the server at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function launch(port: number, dir: string, options: RedisServerOptions): Promise<ChildProcess> {
  mkdirSync(dir, { recursive: true });
  const args = [
    ...(options.configFile ? [options.configFile] : []),
    // A directory of its own: a replica's full synchronisation must never leave a dump.rdb in the
    // working directory for the next server to load.
    '--dir',
    dir,
    '--repl-diskless-load',
    'on-empty-db',
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    ...(options.args ?? []),
  ];
  const readyLine = options.readyLine ?? 'Ready to accept connections';
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(readyLine)) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    );
    child.once('error', reject);
  });
}

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Starts a private redis-server on a free 127.0.0.1 port (or on `port`). */
export async function startRedisServer(
  options: RedisServerOptions = {},
  port?: number,
): Promise<TestRedisServer> {
  const serverPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), `redis-${serverPort}-`));
  let args = options;
  let child: ChildProcess | undefined = await launch(serverPort, dir, args);
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running) await ended(running, signal);
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    port: serverPort,
    url: `redis://127.0.0.1:${serverPort}`,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async start(extraArgs) {
      if (extraArgs) args = { ...options, args: [...(options.args ?? []), ...extraArgs] };
      if (!child) child = await launch(serverPort, dir, args);
    },
  };
}
