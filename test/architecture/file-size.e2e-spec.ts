import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sourceFiles } from './source-imports';

/** Longest a source file of lib/ may be, in lines. */
const MAX_LINES = 300;

/**
 * Files that may be longer, and why. Wire types transcribe Infobip's OpenAPI schemas one to one;
 * the shared engine suites (`*.suite.ts`, published for users' own stores) are tests.
 */
const exempt = (file: string): boolean =>
  file === 'lib/infobip/infobip.types.ts' || file.endsWith('.suite.ts');

const linesOf = (file: string): number =>
  readFileSync(join(ROOT, file), 'utf8').replace(/\n$/, '').split('\n').length;

/** Each file of lib/ stays short enough to read in one sitting. */
describe('size of the source files of lib/', () => {
  it('reads the files (the scan itself works)', () => {
    const files = sourceFiles('lib');
    expect(files).toContain('lib/index.ts');
    expect(files.some((file) => file.endsWith('.spec.ts'))).toBe(false);
    expect(linesOf('lib/infobip/infobip.types.ts')).toBeGreaterThan(MAX_LINES);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const offenders = sourceFiles('lib')
      .filter((file) => !exempt(file))
      .map((file) => ({ file, lines: linesOf(file) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(offenders).toEqual([]);
  });
});
