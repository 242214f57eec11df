/** A bound a figure should respect. */
export interface Target {
  op: '>=' | '<=';
  value: number;
}

/** One line of a benchmark's output: a figure, a ratio against a baseline, or a skip. */
export interface BenchLine {
  /** Dotted name, e.g. `guard.guarded`; the first part is the benchmark's id. */
  name: string;
  value?: number;
  unit?: string;
  /** For ratios: the baseline's name. */
  against?: string;
  target?: Target;
  /** Why the benchmark (or this figure) was not measured: a part it needs is missing. */
  skipped?: string;
  /** Why the benchmark broke off: an error, which the run reports as a failure. */
  failed?: string;
  /** Context for the reader: what was measured, what limited it. */
  note?: string;
}

/** Whether `line` meets its target; undefined without a target or a value. */
export function meetsTarget(line: BenchLine): boolean | undefined {
  if (!line.target || line.value === undefined || !Number.isFinite(line.value)) return undefined;
  return line.target.op === '>=' ? line.value >= line.target.value : line.value <= line.target.value;
}

/** A figure with a precision that suits its size: 12345, 123.4, 1.23, 0.951. */
export function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  const size = Math.abs(value);
  if (size >= 1000) return Math.round(value).toString();
  if (size >= 100) return value.toFixed(1);
  if (size >= 10) return value.toFixed(2);
  return value.toFixed(3);
}

/** The target in words, with its verdict: `target >= 0.95: met`. */
export function describeTarget(line: BenchLine): string {
  if (!line.target) return '';
  const verdict = meetsTarget(line);
  return `target ${line.target.op} ${line.target.value}: ${verdict === undefined ? 'n/a' : verdict ? 'met' : 'MISSED'}`;
}

/** `name: value unit` (the output format of every benchmark), plus baseline, target and note. */
export function formatLine(line: BenchLine): string {
  if (line.skipped !== undefined) return `${line.name}: skipped (${line.skipped})`;
  if (line.failed !== undefined) return `${line.name}: FAILED (${line.failed})`;
  const extras = [line.against ? `of ${line.against}` : '', describeTarget(line), line.note ?? ''].filter(
    (part) => part !== '',
  );
  const unit = line.unit ? ` ${line.unit}` : '';
  return `${line.name}: ${formatValue(line.value)}${unit}${extras.length ? `  (${extras.join('; ')})` : ''}`;
}
