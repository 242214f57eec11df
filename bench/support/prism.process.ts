import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

/** Infobip's 2FA OpenAPI specification, as the tests use it. */
const SPEC = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'infobip-2fa-openapi.json');

/** A running Stoplight Prism mock server of Infobip's 2FA specification. */
export interface PrismMock {
  url: string;
  stop(): Promise<void>;
}

/** The Prism CLI script, or `undefined` when `@stoplight/prism-cli` is not installed. */
function prismCli(): string | undefined {
  try {
    const manifest = require.resolve('@stoplight/prism-cli/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
    return join(dirname(manifest), bin.prism);
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `prism mock` on the specification, on a free loopback port, its log
 * discarded; `undefined` when Prism is not installed.
 */
export async function startPrism(): Promise<PrismMock | undefined> {
  const cli = prismCli();
  if (!cli) return undefined;
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'mock', '-h', '127.0.0.1', '-p', String(port), SPEC],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/2fa/2/applications`, { headers: { Authorization: 'App benchmark' } });
      return { url, stop };
    } catch {
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
  await stop();
  throw new Error('prism mock did not start within 30 s');
}
