import type { MachineInfo } from './machine';
import { describeTarget, formatValue, meetsTarget, type BenchLine } from './result';

/** Start and end markers of the generated part of BENCHMARKS.md; the rest is written by hand. */
export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The figures as a markdown table, skipped and failed benchmarks included. */
export function resultsTable(lines: readonly BenchLine[]): string {
  const rows = lines.map((line) => {
    if (line.skipped !== undefined) return `| ${line.name} | skipped | | ${cell(line.skipped)} |`;
    if (line.failed !== undefined) return `| ${line.name} | **failed** | | ${cell(line.failed)} |`;
    const verdict = meetsTarget(line);
    const target = line.target
      ? `${line.target.op} ${line.target.value}${verdict === false ? ' **missed**' : ' met'}`
      : '';
    const value = `${formatValue(line.value)}${line.unit ? ` ${line.unit}` : ''}`;
    const notes = [line.against ? `of ${line.against}` : '', line.note ?? '']
      .filter((part) => part)
      .join('; ');
    return `| ${line.name} | ${value} | ${target} | ${cell(notes)} |`;
  });
  return ['| Figure | Value | Target | Notes |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The machine in one markdown list. */
export function machineList(machine: MachineInfo, date: Date): string {
  return [
    `- Date: ${date.toISOString().slice(0, 10)}`,
    `- CPUs (nproc): ${machine.cpus}`,
    `- CPU model: ${machine.cpuModel}`,
    `- Memory: ${machine.memoryGiB} GiB`,
    `- Node: ${machine.node} (${machine.platform})`,
    `- Load average (1 min) at the start: ${machine.loadAverage}`,
  ].join('\n');
}

/** The generated section of BENCHMARKS.md, markers included. */
export function resultsSection(
  lines: readonly BenchLine[],
  machine: MachineInfo,
  date: Date,
  seconds: number,
): string {
  return [
    RESULTS_START,
    '',
    machineList(machine, date),
    `- Benchmarks ran for ${Math.round(seconds)} s (plus the builds of \`npm run bench\`)`,
    '',
    resultsTable(lines),
    '',
    RESULTS_END,
  ].join('\n');
}

/** Lines that missed their target, for the end of the run. */
export function missedTargets(lines: readonly BenchLine[]): string[] {
  return lines
    .filter((line) => meetsTarget(line) === false)
    .map((line) => `${line.name} (${describeTarget(line)})`);
}
