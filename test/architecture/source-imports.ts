import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import (or re-export) of a source file. */
export interface SourceImport {
  /** As written: `'../engine/clock'`, `'@nestjs/common'`. */
  specifier: string;
  /** `import type` / `export type`, or every named binding type-only: gone from the emitted JavaScript. */
  typeOnly: boolean;
}

/** Root of the repository. */
export const ROOT = resolve(__dirname, '../..');

/** The TypeScript files under `dir` (relative to the repository), specs left out. */
export function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(join(ROOT, at), { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** The imports and re-exports of one file (relative to the repository). */
export function importsOf(file: string): SourceImport[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
  const found: SourceImport[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!named &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((element) => element.isTypeOnly)));
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const clause = statement.exportClause;
      const typeOnly =
        statement.isTypeOnly ||
        (!!clause &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((element) => element.isTypeOnly));
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly });
    }
  }
  return found;
}

/** The repository file a relative import of `from` names, or undefined for a package. */
export function resolveRelative(
  from: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = relative(ROOT, resolve(ROOT, dirname(from), specifier));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (files.has(candidate)) return candidate;
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

/** The package a bare specifier names: `@nestjs/core/helpers/x` -> `@nestjs/core`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
