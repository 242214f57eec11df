import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCHMARKS, type BenchmarkEntry } from './benchmarks';
import type { BenchMessage, BenchOptions } from './support/benchmark';
import { machineInfo } from './support/machine';
import { missedTargets, resultsSection, resultsTable, RESULTS_END, RESULTS_START } from './support/report';
import type { BenchLine } from './support/result';

const ROOT = resolve(__dirname, '..', '..', '..');
const USAGE = `usage: npm run bench -- [filter...] [--quick] [--write]
  filter   run only the benchmarks whose id contains one of the words (${BENCHMARKS.map((b) => b.id).join(', ')})
  --quick  fewer rounds, shorter loads (a smoke run; figures not for publishing)
  --write  put the figures, machine and Node version into BENCHMARKS.md (full runs only)`;

interface Arguments {
  filters: string[];
  quick: boolean;
  write: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { filters: [], quick: false, write: false };
  for (const arg of argv) {
    if (arg === '--quick') args.quick = true;
    else if (arg === '--write') args.write = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      console.error(`unknown option ${arg}\n${USAGE}`);
      process.exit(2);
    } else args.filters.push(arg.toLowerCase());
  }
  return args;
}

/** Runs one benchmark in its own process; resolves with its lines (a failure line when it broke off). */
function runOne(entry: BenchmarkEntry, options: BenchOptions): Promise<BenchLine[]> {
  return new Promise((resolvePromise) => {
    const lines: BenchLine[] = [];
    let done = false;
    // A process group of its own, so that stopping it also stops what it started (Prism, the
    // load generator, redis-server): killing the benchmark alone would leave them running.
    const child = fork(join(__dirname, entry.script), [], {
      execArgv: entry.execArgv ?? [],
      env: { ...process.env, BENCH_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    const stopGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    // Ctrl-C, a cancelled job or a closed terminal reach this process's group only: pass them on.
    const onSignal = (signal: NodeJS.Signals): void => {
      stopGroup();
      process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.once(signal, onSignal);
    const timer = setTimeout(() => {
      lines.push({ name: entry.id, failed: `stopped after ${entry.timeoutMs / 1000} s` });
      stopGroup();
    }, entry.timeoutMs);
    child.on('message', (message: BenchMessage) => {
      if (message.type === 'line') lines.push(message.line);
      else done = true;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      for (const signal of signals) process.off(signal, onSignal);
      // Whatever it left running (it crashed before its cleanup) goes with it.
      stopGroup();
      if (!done && !lines.some((line) => line.failed !== undefined)) {
        lines.push({ name: entry.id, failed: `process ended early (${signal ?? `exit code ${code}`})` });
      }
      resolvePromise(lines);
    });
  });
}

function writeReport(section: string): string {
  const file = join(ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(RESULTS_START);
  const end = current.indexOf(RESULTS_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + RESULTS_END.length)
      : `${current.trimEnd()}\n\n## Results\n\n${section}\n`;
  writeFileSync(file, next);
  return file;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
    console.error('dist/ is missing: run `npm run build` first (`npm run bench` does)');
    process.exit(2);
  }
  const selected = BENCHMARKS.filter(
    (entry) => args.filters.length === 0 || args.filters.some((word) => entry.id.includes(word)),
  );
  if (selected.length === 0) {
    console.error(`no benchmark matches ${args.filters.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  if (args.write && (selected.length !== BENCHMARKS.length || args.quick)) {
    console.error('--write needs a full run (no filter, no --quick), so that the table is complete');
    process.exit(2);
  }

  const machine = machineInfo();
  console.log(
    `nestjs-infobip-2fa benchmarks: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}` +
      (args.quick ? ' [quick]' : ''),
  );
  if (machine.loadAverage > 0.5 * machine.cpus) {
    console.log(
      `note: load average ${machine.loadAverage}: other work shares the CPUs, figures will be noisy`,
    );
  }
  const started = process.hrtime.bigint();
  const lines: BenchLine[] = [];
  for (const entry of selected) {
    console.log(`\n== ${entry.id}: ${entry.title}`);
    lines.push(...(await runOne(entry, { quick: args.quick })));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  console.log(`\n== summary (${Math.round(seconds)} s)\n\n${resultsTable(lines)}\n`);
  const missed = missedTargets(lines);
  if (missed.length > 0) console.log(`targets missed:\n${missed.map((line) => `  - ${line}`).join('\n')}\n`);
  if (args.write)
    console.log(`written to ${writeReport(resultsSection(lines, machine, new Date(), seconds))}`);
  // Missed targets are findings, not errors; a benchmark that broke off is an error.
  if (lines.some((line) => line.failed !== undefined)) process.exitCode = 1;
}

void main();
