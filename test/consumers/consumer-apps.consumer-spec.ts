import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a user does with the package before it is on the registry: `npm pack`, then a plain
 * `npm install` of the tarball into a fresh Nest app (no `--legacy-peer-deps`), strict TypeScript
 * with `skipLibCheck: false`, and the whole flow over HTTP. One app per supported line:
 * Nest 12 CommonJS, Nest 11 CommonJS (`moduleResolution: node`), Nest 12 ESM (`nodenext`), and
 * Nest 12 on Fastify with @fastify/session and neither Express's nor express-session's types.
 * The apps live in a temporary folder, so nothing resolves from this repository's node_modules.
 */
const ROOT = join(__dirname, '..', '..');
const APPS = ['nest12-cjs', 'nest11-cjs', 'nest12-esm', 'nest12-fastify'] as const;
type App = (typeof APPS)[number];

interface Run {
  code: number;
  output: string;
}

/** npm's own variables of a surrounding `npm run` would leak into the apps' installs. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, maxBuffer: 32 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

let work: string;
const installs = new Map<App, Run>();
const builds = new Map<App, Run>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nestjs-infobip-2fa-consumers-'));
  // prepack builds dist/, as it does before a publish.
  const pack = await run('npm', ['pack', '--pack-destination', work], ROOT);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.output}`);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  renameSync(join(work, tarball), join(work, 'nestjs-infobip-2fa.tgz'));
  for (const app of APPS) {
    cpSync(join(__dirname, app), join(work, app), { recursive: true });
    // The shared app; main.ts starts it on Express, main.fastify.ts on Fastify.
    const src = join(work, app, 'src');
    cpSync(join(__dirname, 'app', 'src'), src, { recursive: true });
    if (app === 'nest12-fastify') renameSync(join(src, 'main.fastify.ts'), join(src, 'main.ts'));
    else rmSync(join(src, 'main.fastify.ts'));
  }
  // One npm cache for all of them; the installs run side by side.
  await Promise.all(
    APPS.map(async (app) => {
      const dir = join(work, app);
      const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);
      installs.set(app, install);
      if (install.code === 0)
        builds.set(app, await run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], dir));
    }),
  );
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(APPS)('a fresh %s app', (app) => {
  it('installs the packed tarball with a plain npm install, without ioredis', () => {
    const install = installs.get(app);
    expect(install?.output).not.toMatch(/ERESOLVE|legacy-peer-deps/);
    expect(install?.code).toBe(0);
    expect(existsSync(join(work, app, 'node_modules', 'nestjs-infobip-2fa', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(work, app, 'node_modules', 'ioredis'))).toBe(false);
    if (app === 'nest12-fastify') {
      // What the compile below proves: the package's types need no Express.
      for (const absent of ['@types/express', '@types/express-session', 'express-session']) {
        expect(existsSync(join(work, app, 'node_modules', absent))).toBe(false);
      }
    }
  });

  it('compiles under strict TypeScript with skipLibCheck: false', () => {
    const build = builds.get(app);
    expect(build?.output.trim()).toBe('');
    expect(build?.code).toBe(0);
  });

  it('signs in, receives a PIN, verifies it and reaches the protected route', async () => {
    expect(builds.get(app)?.code).toBe(0);
    const flow = await run('node', ['dist/main.js'], join(work, app), 60_000);
    expect(flow.output.trim().split('\n')).toEqual([
      'account before sign-in: 401',
      'login: 200',
      'account with a pending PIN: 401',
      'verify a wrong PIN: 401',
      'verify: 200',
      'account after verification: 200',
      'consumer flow: ok',
    ]);
    expect(flow.code).toBe(0);
  });
});
