/** Middle value of `values` (mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One thing measured in turns with others: `measure` returns one figure per call (a rate, a cost). */
export interface Subject {
  name: string;
  measure(): Promise<number>;
}

/**
 * Measures the subjects in turns, `rounds` times, and returns every figure by subject name.
 *
 * Rounds alternate the order (A B, B A, A B...), so a machine that slowly warms up, cools
 * down or gets busier weighs on every subject alike; medians then drop the odd round out.
 */
export async function interleave(
  rounds: number,
  subjects: readonly Subject[],
  log?: (text: string) => void,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(subjects.map((subject) => [subject.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? subjects : [...subjects].reverse();
    const figures: string[] = [];
    for (const subject of order) {
      const value = await subject.measure();
      samples.get(subject.name)!.push(value);
      figures.push(`${subject.name} ${value.toPrecision(4)}`);
    }
    log?.(`round ${round + 1}/${rounds}: ${figures.join(', ')}`);
  }
  return samples;
}

/** Median of the per-round ratios `subject[i] / baseline[i]`: each ratio compares figures taken moments apart. */
export function medianRatio(subject: readonly number[], baseline: readonly number[]): number {
  return median(subject.map((value, i) => value / baseline[i]));
}

/** Runs `work` repeatedly for about `ms` milliseconds; returns how many times per second it ran. */
export async function ratePerSecond(
  ms: number,
  work: () => Promise<unknown> | unknown,
  batch = 64,
): Promise<number> {
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(ms * 1e6));
  let done = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < batch; i++) await work();
    done += batch;
    now = process.hrtime.bigint();
  }
  return done / (Number(now - start) / 1e9);
}
