import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importsOf, packageOf, ROOT, sourceFiles } from './source-imports';

/**
 * What the published package imports must be installed by whoever installs it: every package the
 * library's JavaScript requires is a dependency or a peer, and every package its declarations name
 * is one too (or its `@types/` package is).
 */
describe('package manifest', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const builtins = new Set(builtinModules);
  const imports = sourceFiles('lib').flatMap((file) =>
    importsOf(file)
      .filter(({ specifier }) => !specifier.startsWith('.'))
      .map((found) => ({ file, ...found, name: packageOf(found.specifier) })),
  );

  it('finds the imports of the library (the scan itself works)', () => {
    expect(imports.map(({ name }) => name)).toEqual(expect.arrayContaining(['@nestjs/common', 'axios']));
  });

  it('needs no package that is not a dependency or a peer', () => {
    const undeclared = imports
      .filter(({ name, specifier }) => !specifier.startsWith('node:') && !builtins.has(name))
      .filter(({ name, typeOnly }) => !declared.has(name) && !(typeOnly && declared.has(`@types/${name}`)))
      .map(({ file, specifier }) => `${file}: ${specifier}`);
    expect(undeclared).toEqual([]);
  });

  it('uses Node built-ins by their node: name', () => {
    const bare = imports.filter(({ specifier }) => builtins.has(specifier) && !specifier.startsWith('node:'));
    expect(bare.map(({ file, specifier }) => `${file}: ${specifier}`)).toEqual([]);
  });
});
