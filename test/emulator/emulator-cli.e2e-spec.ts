import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'emulator', 'cli.js');
/** Safety net only: the tests wait for events, never for time. */
const STARTUP_TIMEOUT_MS = 15_000;

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Starts the built CLI and resolves once it printed its `listening on` line. */
function startCli(args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'pipe',
  });
  const exit = exitOf(child);
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator did not start: ${stdout}${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => stdout + stderr, exit });
      }
    });
    void exit.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before listening: ${stdout}${stderr}`));
    });
  });
}

/** Runs the CLI to completion. */
async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const { code } = await exitOf(child);
  return { code, stdout, stderr };
}

describe('infobip-2fa-emulator CLI', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) {
      throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` builds it as pretest)`);
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves on the port it prints and stops cleanly on %s',
    async (signal) => {
      const cli = await startCli(['--port', '0', '--host', '127.0.0.1']);
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
      expect((await fetch(`${cli.url}/2fa/2/applications`)).status).toBe(401);
      const res = await fetch(`${cli.url}/2fa/2/applications`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'IBSSO any-session' },
        body: JSON.stringify({ name: 'cli' }),
      });
      expect(res.status).toBe(201);
      cli.child.kill(signal);
      expect(await cli.exit).toEqual({ code: 0, signal: null });
    },
  );

  it('enforces --api-key and never prints it', async () => {
    const key = 'cli-secret-key-7';
    const cli = await startCli([`--port=0`, '--api-key', key, '--verbose']);
    try {
      expect((await fetch(`${cli.url}/2fa/2/applications`)).status).toBe(401);
      expect(
        (await fetch(`${cli.url}/2fa/2/applications`, { headers: { Authorization: 'App nope' } })).status,
      ).toBe(401);
      const ok = await fetch(`${cli.url}/2fa/2/applications`, { headers: { Authorization: `App ${key}` } });
      expect(ok.status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect((await cli.exit).code).toBe(0);
    expect(cli.output()).toMatch(/GET \/2fa\/2\/applications 401/);
    expect(cli.output()).toMatch(/GET \/2fa\/2\/applications 200/);
    expect(cli.output()).not.toContain(key);
  });

  it('reads the API key and port from the environment', async () => {
    const cli = await startCli([], { EMULATOR_PORT: '0', EMULATOR_API_KEY: 'env-key' });
    try {
      expect((await fetch(`${cli.url}/_emulator/health`)).status).toBe(401);
      expect(
        (await fetch(`${cli.url}/_emulator/health`, { headers: { Authorization: 'App env-key' } })).status,
      ).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect((await cli.exit).code).toBe(0);
  });

  it('takes Basic, Bearer and IBSSO credentials from the environment and applies --account-limits', async () => {
    const cli = await startCli(['--account-limits'], {
      EMULATOR_PORT: '0',
      EMULATOR_BASIC: 'cli-user:cli-pass',
      EMULATOR_BEARER: 'cli-bearer-token',
      EMULATOR_IBSSO: 'cli-sso-token',
    });
    const basic = `Basic ${Buffer.from('cli-user:cli-pass').toString('base64')}`;
    try {
      expect(cli.output()).toMatch(/credentials required: Basic, Bearer, IBSSO/);
      for (const Authorization of [basic, 'Bearer cli-bearer-token', 'IBSSO cli-sso-token']) {
        expect((await fetch(`${cli.url}/2fa/2/applications`, { headers: { Authorization } })).status).toBe(
          200,
        );
      }
      expect(
        (await fetch(`${cli.url}/2fa/2/applications`, { headers: { Authorization: 'App cli-sso-token' } }))
          .status,
      ).toBe(401);
      const create = () =>
        fetch(`${cli.url}/2fa/2/applications`, {
          method: 'POST',
          headers: { Authorization: 'Bearer cli-bearer-token', 'Content-Type': 'application/xml' },
          body: '<ApplicationRequest><name>cli</name></ApplicationRequest>',
        });
      for (let i = 0; i < 20; i++) expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect((await cli.exit).code).toBe(0);
    expect(cli.output()).not.toMatch(/cli-pass|cli-bearer-token|cli-sso-token/);
  });

  it.each([[['--bogus']], [['--port', 'eighty']], [['--port']], [['extra']], [['--basic', 'no-colon']]])(
    'exits 2 with usage for %j',
    async (args) => {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/Usage: infobip-2fa-emulator/);
    },
  );

  it('prints help and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: infobip-2fa-emulator/);
  });

  it('exits 1 when the port is taken', async () => {
    const cli = await startCli(['--port', '0']);
    try {
      const { port } = new URL(cli.url);
      const { code, stderr } = await runCli(['--port', port]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/cannot listen/);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect((await cli.exit).code).toBe(0);
  });
});
