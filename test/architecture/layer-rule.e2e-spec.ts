import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './source-imports';

/** The rules ESLint reports for `code` as if it were the file `file` of the repository. */
function ruleIds(file: string, code: string): string[] {
  const eslint = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/eslint/bin/eslint.js'),
      '--stdin',
      '--stdin-filename',
      file,
      '--format',
      'json',
    ],
    { cwd: ROOT, input: code, encoding: 'utf8' },
  );
  return (JSON.parse(eslint.stdout) as { messages: { ruleId: string | null }[] }[]).flatMap((result) =>
    result.messages.map((message) => message.ruleId ?? 'parse error'),
  );
}

/** The layer direction of lib/ (DESIGN.md section 2) is a lint rule: a wrong import fails `npm run lint`. */
describe('the layer rule', () => {
  it('refuses an import from a layer above', () => {
    expect(ruleIds('lib/storage/probe.ts', "export { TwoFactorModule } from '../module';\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(ruleIds('lib/infobip/probe.ts', "export { LocalTwoFactorEngine } from '../engine';\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(
      ruleIds('lib/module/service/probe.ts', "export { startEmulator } from '../../emulator';\n"),
    ).toEqual(['no-restricted-imports']);
  });

  it('lets a layer import the layers below it, and specs reach further', () => {
    expect(ruleIds('lib/engine/probe.ts', "export { InMemoryCounterStore } from '../storage';\n")).toEqual(
      [],
    );
    expect(ruleIds('lib/express/probe.ts', "export { TwoFactorService } from '../module';\n")).toEqual([]);
    expect(
      ruleIds('lib/storage/probe.spec.ts', "export { LocalTwoFactorEngine } from '../engine';\n"),
    ).toEqual([]);
  });
});
