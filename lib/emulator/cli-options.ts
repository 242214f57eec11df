/** What the `infobip-2fa-emulator` command line asks for. */
export interface EmulatorCliOptions {
  port: number;
  host: string;
  apiKey?: string;
  verbose: boolean;
}

/** Outcome of {@link parseEmulatorCliArgs}. */
export type EmulatorCliCommand =
  { kind: 'run'; options: EmulatorCliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Usage text of the command. */
export const EMULATOR_USAGE = `Usage: infobip-2fa-emulator [--port 4010] [--host 127.0.0.1] [--api-key KEY] [--verbose]

Serves Infobip's 2FA API (/2fa/2/...) from an in-memory engine, for development and tests.

Options:
  --port N         port to listen on, 0 for a free one (default 4010, env EMULATOR_PORT)
  --host HOST      address to bind (default 127.0.0.1, env EMULATOR_HOST)
  --api-key KEY    require "Authorization: App KEY" on every request (env EMULATOR_API_KEY;
                   prefer the variable: command lines are visible to other local users)
  --verbose, -v    print one line per request (method, path, status, duration)
  --help, -h       print this help

Development endpoints:
  GET    /_emulator/messages?to=DEST   messages sent (with their PINs), oldest first
  DELETE /_emulator/messages           forget them
  POST   /_emulator/clock              {"advanceMs": N} moves the clock forward
`;

const DEFAULT_PORT = 4010;
const DEFAULT_HOST = '127.0.0.1';

/** Parses the command line (`argv` without node and script) with environment fallbacks. */
export function parseEmulatorCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): EmulatorCliCommand {
  let port: string | undefined = env.EMULATOR_PORT || undefined;
  let host: string | undefined = env.EMULATOR_HOST || undefined;
  let apiKey: string | undefined = env.EMULATOR_API_KEY || undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i++;
      return next;
    };
    switch (name) {
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--verbose':
      case '-v':
        if (inline !== undefined) return { kind: 'error', message: `${name} takes no value` };
        verbose = true;
        break;
      case '--port':
        port = value();
        if (port === undefined) return { kind: 'error', message: '--port needs a value' };
        break;
      case '--host':
        host = value();
        if (!host) return { kind: 'error', message: '--host needs a value' };
        break;
      case '--api-key':
        apiKey = value();
        if (!apiKey) return { kind: 'error', message: '--api-key needs a value' };
        break;
      default:
        return { kind: 'error', message: `unknown argument ${JSON.stringify(name)}` };
    }
  }
  const portNumber = port === undefined ? DEFAULT_PORT : parsePort(port);
  if (portNumber === undefined) {
    return {
      kind: 'error',
      message: `port must be a whole number from 0 to 65535, got ${JSON.stringify(port)}`,
    };
  }
  const options: EmulatorCliOptions = { port: portNumber, host: host ?? DEFAULT_HOST, verbose };
  if (apiKey !== undefined) options.apiKey = apiKey;
  return { kind: 'run', options };
}

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
