/** A benchmark the runner knows: a script in `bench/`, run in a process of its own. */
export interface BenchmarkEntry {
  /** Short name, used by the filter (`npm run bench -- engine`) and as the prefix of its figures. */
  id: string;
  /** Compiled script, relative to this folder. */
  script: string;
  title: string;
  /** Node flags of its process. */
  execArgv?: string[];
  /** The runner stops it after this long. */
  timeoutMs: number;
}

/** Every benchmark, in the order `npm run bench` runs them. */
export const BENCHMARKS: readonly BenchmarkEntry[] = [
  {
    id: 'guard',
    script: 'guard.bench.js',
    title:
      'TwoFactorGuard overhead on a verified session, on Nest with Express and Fastify, and plain Express',
    timeoutMs: 240_000,
  },
  {
    id: 'engine',
    script: 'engine-throughput.bench.js',
    title: 'Engine send + verify cycles in process',
    timeoutMs: 90_000,
  },
  {
    id: 'engine-memory',
    script: 'engine-memory.bench.js',
    title: 'Engine memory per pending PIN, verify cost at scale, memory after expiry',
    execArgv: ['--expose-gc', '--max-old-space-size=4096'],
    timeoutMs: 150_000,
  },
  {
    id: 'emulator',
    script: 'emulator.bench.js',
    title: 'Emulator over HTTP vs a bare node:http JSON endpoint',
    timeoutMs: 180_000,
  },
  {
    id: 'redis',
    script: 'redis-store.bench.js',
    title: 'Redis store: round trips and verify throughput',
    timeoutMs: 90_000,
  },
  {
    id: 'redis-topology',
    script: 'redis-topology.bench.js',
    title: 'Redis: verify throughput on a cluster vs one server, and the cost of WAIT per verify',
    timeoutMs: 120_000,
  },
  {
    id: 'flow',
    script: 'flow.bench.js',
    title: 'Sample app: login -> PIN -> verify -> /account',
    timeoutMs: 120_000,
  },
];
