import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * The public surface is deliberate: the root lists its names one by one, and the README's "API"
 * section names every export of every entry point (the API reports in api/ hold their signatures).
 */
const ROOT = join(__dirname, '..', '..');
const ENTRIES = {
  'nestjs-infobip-2fa': 'lib/index.ts',
  'nestjs-infobip-2fa/redis': 'lib/entries/redis.ts',
  'nestjs-infobip-2fa/emulator': 'lib/entries/emulator.ts',
  'nestjs-infobip-2fa/testing': 'lib/entries/testing.ts',
  'nestjs-infobip-2fa/express': 'lib/entries/express.ts',
};

function exportedNames(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(
    files.map((file) => join(ROOT, file)),
    OPTIONS,
  );
  const checker = program.getTypeChecker();
  return new Map(
    files.map((file) => {
      const source = program.getSourceFile(join(ROOT, file));
      const module = source && checker.getSymbolAtLocation(source);
      return [file, module ? checker.getExportsOfModule(module).map((symbol) => symbol.name) : []];
    }),
  );
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const apiSection = readme.slice(
  readme.indexOf('\n## API\n'),
  readme.indexOf('\n## ', readme.indexOf('\n## API\n') + 1),
);
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  experimentalDecorators: true,
  skipLibCheck: true,
  noEmit: true,
};
const names = exportedNames(Object.values(ENTRIES));

describe('the public surface', () => {
  it('lists the root exports one by one (no export * at the package root)', () => {
    const index = readFileSync(join(ROOT, 'lib/index.ts'), 'utf8');
    expect(index).not.toMatch(/^export \*/m);
    expect(names.get('lib/index.ts')?.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(ENTRIES))("names every export of %s in the README's API section", (_, file) => {
    const undocumented = (names.get(file) ?? []).filter(
      (name) => !apiSection.includes(`\`${name}`) && !apiSection.includes(`\`@${name}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('keeps ioredis out of every entry point but nestjs-infobip-2fa/redis', () => {
    for (const [entry, file] of Object.entries(ENTRIES)) {
      const program = ts.createProgram([join(ROOT, file)], OPTIONS);
      const reachesIoredis = program
        .getSourceFiles()
        .some((source) => source.fileName.includes('/node_modules/ioredis/'));
      expect({ entry, reachesIoredis }).toEqual({
        entry,
        reachesIoredis: entry === 'nestjs-infobip-2fa/redis',
      });
    }
  });
});
