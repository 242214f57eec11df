import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * The README's TypeScript blocks compile as written: each block is a module of its own, named by
 * its first-line comment (`// main.ts`) so that blocks can import one another, and type-checked
 * under `strict` against this repository's sources, the way an app sees the package.
 */
const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SNIPPETS = join(ROOT, 'readme-snippets');

interface Block {
  file: string;
  line: number;
  code: string;
}

function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    const code = match[1];
    const line = markdown.slice(0, match.index).split('\n').length;
    const named = /^\/\/ ([\w.-]+\.ts)\n/.exec(code);
    blocks.push({ file: join(SNIPPETS, named ? named[1] : `block-${line}.ts`), line, code });
  }
  return blocks;
}

/** Packages a block imports: `nestjs-infobip-2fa/redis` -> `nestjs-infobip-2fa`, `@nestjs/core` stays. */
function importedPackages(code: string): string[] {
  const names = [...code.matchAll(/^import .* from '([^'.][^']*)';$/gm)].map(([, spec]) =>
    spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0],
  );
  return names.filter((name) => !name.startsWith('node:') && !builtinModules.includes(name));
}

const blocks = tsBlocks(README);

function diagnose(): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'nestjs-infobip-2fa': ['lib/index.ts'], 'nestjs-infobip-2fa/*': ['lib/entries/*'] },
  };
  const sources = new Map(blocks.map((block) => [block.file, block.code]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.directoryExists = (dir) => dir === SNIPPETS || (directoryExists?.(dir) ?? true);
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const code = sources.get(file);
    return code === undefined
      ? getSourceFile(file, language, ...rest)
      : ts.createSourceFile(file, code, language);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  const found = new Map<string, string[]>();
  for (const block of blocks) {
    const source = program.getSourceFile(block.file);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    found.set(
      block.file,
      diagnostics.map((d) => {
        const at = d.start === undefined ? 0 : (source?.getLineAndCharacterOfPosition(d.start).line ?? 0);
        return `README line ${block.line + 1 + at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return found;
}

describe("the README's TypeScript blocks", () => {
  let diagnostics: Map<string, string[]>;
  beforeAll(() => {
    diagnostics = diagnose();
  });

  it('has the quick start blocks, each a file of its own', () => {
    const files = blocks.map((block) => block.file.slice(SNIPPETS.length + 1));
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'app.module.ts', 'auth.controller.ts']));
    expect(new Set(files).size).toBe(files.length);
  });

  it('imports its own files with a .js suffix, as an ES-module Nest 12 app (nest new) needs', () => {
    const relative = blocks.flatMap((block) =>
      [...block.code.matchAll(/^import .* from '(\.{1,2}\/[^']*)';$/gm)].map(([, spec]) => spec),
    );
    expect(relative.length).toBeGreaterThan(0);
    expect(relative.filter((spec) => !spec.endsWith('.js'))).toEqual([]);
  });

  it.each(blocks.map((block) => [`line ${block.line}`, block] as const))(
    'the block at README %s compiles under strict',
    (_, block) => {
      expect(diagnostics.get(block.file)).toEqual([]);
    },
  );

  it('imports only packages that an npm install line of the README names (or every Nest app has)', () => {
    const installed = new Set(
      [...README.matchAll(/npm install (?:-D )?([^\n`]+)/g)].flatMap(([, args]) =>
        args.split(/\s+/).filter((word) => /^(@[\w-]+\/)?[\w.-]+$/.test(word)),
      ),
    );
    // The community SDK is the README's example of an unchanged Infobip client, not a dependency.
    installed.add('@infobip-api/sdk');
    // What `nest new` installs in every Nest app.
    for (const name of [
      '@nestjs/common',
      '@nestjs/core',
      '@nestjs/platform-express',
      'reflect-metadata',
      'rxjs',
    ]) {
      installed.add(name);
    }
    const missing = blocks.flatMap((block) =>
      importedPackages(block.code)
        .filter((name) => !installed.has(name) && !installed.has(`@types/${name}`))
        .filter((name) => !['@nestjs/common', '@nestjs/core'].includes(name))
        .map((name) => `${name} (README line ${block.line})`),
    );
    expect(missing).toEqual([]);
  });
});
