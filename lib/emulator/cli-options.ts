/** What the `infobip-2fa-emulator` command line asks for. */
export interface EmulatorCliOptions extends EmulatorCredentials {
  port: number;
  host: string;
  accountLimits: boolean;
  verbose: boolean;
}

import type { EmulatorCredentials } from './access';

/** Outcome of {@link parseEmulatorCliArgs}. */
export type EmulatorCliCommand =
  { kind: 'run'; options: EmulatorCliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Usage text of the command. */
export const EMULATOR_USAGE = `Usage: infobip-2fa-emulator [--port 4010] [--host 127.0.0.1] [--api-key KEY]
         [--basic USER:PASSWORD] [--bearer TOKEN] [--ibsso TOKEN] [--account-limits] [--verbose]

Serves Infobip's 2FA API (/2fa/2/...) from an in-memory engine, for development and tests.
JSON by default; XML when a request says Content-Type or Accept: application/xml.

Options:
  --port N                port to listen on, 0 for a free one (default 4010, env EMULATOR_PORT)
  --host HOST             address to bind (default 127.0.0.1, env EMULATOR_HOST)
  --api-key KEY           accept "Authorization: App KEY" (env EMULATOR_API_KEY)
  --basic USER:PASSWORD   accept "Authorization: Basic base64(USER:PASSWORD)" (env EMULATOR_BASIC)
  --bearer TOKEN          accept "Authorization: Bearer TOKEN" (env EMULATOR_BEARER)
  --ibsso TOKEN           accept "Authorization: IBSSO TOKEN" (env EMULATOR_IBSSO)
                          Credentials combine. Prefer the variables: command lines are
                          visible to other local users. With none, any App, Basic, Bearer
                          or IBSSO value is accepted; no Authorization header is always 401.
  --account-limits        apply the spec's account limits (x-throttling-info, e.g. 20
                          application creates per 10 minutes): 429 with Retry-After
                          (env EMULATOR_ACCOUNT_LIMITS=true)
  --verbose, -v           print one line per request (method, path, status, duration)
  --help, -h              print this help

Development endpoints:
  GET    /_emulator/messages?to=DEST   messages sent (with their PINs), oldest first
  DELETE /_emulator/messages           forget them
  POST   /_emulator/clock              {"advanceMs": N} moves the clock forward
`;

const DEFAULT_PORT = 4010;
const DEFAULT_HOST = '127.0.0.1';

const CREDENTIAL_FLAGS = {
  '--api-key': 'apiKey',
  '--basic': 'basic',
  '--bearer': 'bearer',
  '--ibsso': 'ibsso',
} as const satisfies Record<string, keyof EmulatorCredentials>;

const CREDENTIAL_VARIABLES: ReadonlyArray<[keyof EmulatorCredentials, string]> = [
  ['apiKey', 'EMULATOR_API_KEY'],
  ['basic', 'EMULATOR_BASIC'],
  ['bearer', 'EMULATOR_BEARER'],
  ['ibsso', 'EMULATOR_IBSSO'],
];

/** Parses the command line (`argv` without node and script) with environment fallbacks. */
export function parseEmulatorCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): EmulatorCliCommand {
  let port: string | undefined = env.EMULATOR_PORT || undefined;
  let host: string | undefined = env.EMULATOR_HOST || undefined;
  const credentials: EmulatorCredentials = {};
  for (const [option, variable] of CREDENTIAL_VARIABLES) {
    if (env[variable]) credentials[option] = env[variable];
  }
  const limitsVariable = env.EMULATOR_ACCOUNT_LIMITS;
  if (limitsVariable && limitsVariable !== 'true' && limitsVariable !== 'false') {
    return {
      kind: 'error',
      message: `EMULATOR_ACCOUNT_LIMITS must be true or false, got ${JSON.stringify(limitsVariable)}`,
    };
  }
  let accountLimits = limitsVariable === 'true';
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
      case '--account-limits':
        if (inline !== undefined) return { kind: 'error', message: `${name} takes no value` };
        accountLimits = true;
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
      case '--basic':
      case '--bearer':
      case '--ibsso': {
        const secret = value();
        if (!secret) return { kind: 'error', message: `${name} needs a value` };
        if (name === '--basic' && !secret.includes(':')) {
          return { kind: 'error', message: '--basic needs USER:PASSWORD (a colon between them)' };
        }
        credentials[CREDENTIAL_FLAGS[name]] = secret;
        break;
      }
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
  return {
    kind: 'run',
    options: { port: portNumber, host: host ?? DEFAULT_HOST, ...credentials, accountLimits, verbose },
  };
}

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
