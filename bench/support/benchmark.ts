import { formatLine, type BenchLine, type Target } from './result';

/** Settings the runner passes to every benchmark process (environment variable `BENCH_OPTIONS`). */
export interface BenchOptions {
  /** Fewer rounds and shorter loads: a smoke run, not figures to publish. */
  quick: boolean;
}

/** Messages a benchmark process sends to the runner. */
export type BenchMessage = { type: 'line'; line: BenchLine } | { type: 'done' };

/** What a benchmark's body receives. */
export interface BenchContext {
  readonly options: BenchOptions;
  /** Interleaved rounds per comparison: 5, or 3 in quick mode. */
  readonly rounds: number;
  /**
   * Rounds for comparisons whose per-round ratios move by ±15 % on a shared machine (the guard,
   * the engine, the emulator): 9, or 5 in quick mode.
   */
  readonly steadyRounds: number;
  /** `normal`, or a fraction of it in quick mode (durations, counts). */
  scale(normal: number, quick?: number): number;
  /** Prints `name: value unit` and hands the figure to the runner. */
  record(line: BenchLine): void;
  /** Records `subject / baseline` as `<id>.<name>` in `x`. */
  ratio(name: string, value: number, against: string, target?: Target, note?: string): void;
  /** Records that the benchmark (or a part of it) could not run, and why. */
  skip(name: string, reason: string): void;
  /** A progress note on stderr (not a result). */
  log(text: string): void;
}

/** Options the runner passed to this process. */
export function benchOptions(): BenchOptions {
  const raw = process.env.BENCH_OPTIONS;
  const parsed = raw ? (JSON.parse(raw) as Partial<BenchOptions>) : {};
  return { quick: parsed.quick === true };
}

function send(message: BenchMessage): void {
  if (process.send) process.send(message);
}

/**
 * Runs one benchmark in this process: prints its lines and forwards them to the runner
 * (when forked by it). A failure is reported as a line, never hidden; the process exits
 * when the body is done, so a server left open can't hang the run.
 */
export function runBenchmark(id: string, body: (context: BenchContext) => Promise<void>): void {
  const options = benchOptions();
  const record = (line: BenchLine): void => {
    console.log(formatLine(line));
    send({ type: 'line', line });
  };
  const context: BenchContext = {
    options,
    rounds: options.quick ? 3 : 5,
    steadyRounds: options.quick ? 5 : 9,
    scale: (normal, quick) => (options.quick ? (quick ?? normal / 4) : normal),
    record,
    ratio: (name, value, against, target, note) =>
      record({ name: `${id}.${name}`, value, unit: 'x', against, target, note }),
    skip: (name, reason) => record({ name, skipped: reason }),
    log: (text) => process.stderr.write(`  [${id}] ${text}\n`),
  };
  body(context).then(
    () => {
      send({ type: 'done' });
      process.exit(0);
    },
    (error: unknown) => {
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      record({ name: id, failed: `${reason.split('\n').slice(0, 3).join(' | ')}` });
      send({ type: 'done' });
      process.exit(1);
    },
  );
}
