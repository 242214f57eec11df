import { dirname } from 'node:path';
import { importsOf, resolveRelative, sourceFiles } from './source-imports';

/** Groups of nodes that reach each other (Tarjan's strongly connected components), larger than one. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/**
 * Each file and each folder of lib/ can be read after what it imports: no two files import each
 * other, even through others or for types only, and no two folders do.
 */
describe('import graph of lib/', () => {
  const files = sourceFiles('lib');
  const known = new Set(files);
  const fileGraph = new Map<string, Set<string>>();
  const folderGraph = new Map<string, Set<string>>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const { specifier } of importsOf(file)) {
      const target = resolveRelative(file, specifier, known);
      if (target) targets.add(target);
    }
    fileGraph.set(file, targets);
    const folder = dirname(file);
    const folders = folderGraph.get(folder) ?? new Set<string>();
    for (const target of targets) if (dirname(target) !== folder) folders.add(dirname(target));
    folderGraph.set(folder, folders);
  }

  it('finds the imports between files (the scan itself works)', () => {
    expect(fileGraph.get('lib/index.ts')?.size).toBeGreaterThan(0);
    expect(
      cycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
          ['c', new Set(['a'])],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('has no cycle between files', () => {
    expect(cycles(fileGraph)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cycles(folderGraph)).toEqual([]);
  });
});
