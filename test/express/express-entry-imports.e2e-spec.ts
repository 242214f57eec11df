import { importsOf, packageOf, resolveRelative, sourceFiles } from '../architecture/source-imports';

/** The packages whose code runs when `entry` is loaded: value imports of every file it reaches. */
function packagesLoadedBy(entry: string): Set<string> {
  const known = new Set(sourceFiles('lib'));
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      const target = resolveRelative(file, specifier, known);
      if (target) visit(target);
      else packages.add(packageOf(specifier));
    }
  };
  visit(entry);
  return packages;
}

describe('nestjs-infobip-2fa/express', () => {
  it('loads no part of Nest but @nestjs/common (a plain Express app has no Nest core)', () => {
    const loaded = packagesLoadedBy('lib/entries/express.ts');
    expect(loaded).toContain('express');
    expect(loaded).toContain('@nestjs/common');
    expect([...loaded].filter((name) => name.startsWith('@nestjs/') && name !== '@nestjs/common')).toEqual(
      [],
    );
  });

  it('would notice an import of Nest core (the Nest module loads it)', () => {
    expect(packagesLoadedBy('lib/module/index.ts')).toContain('@nestjs/core');
  });
});
