/**
 * Credentials for Infobip's API, one of the four schemes its 2FA
 * specification accepts.
 *
 * - `App`: API key (`Authorization: App <apiKey>`), the usual choice;
 * - `Basic`: account username and password;
 * - `IBSSO`: session token from Infobip's create-session call;
 * - `Bearer`: OAuth 2.0 access token (client-credentials grant).
 */
export type InfobipAuth =
  | { type: 'App'; apiKey: string }
  | { type: 'Basic'; username: string; password: string }
  | { type: 'IBSSO'; token: string }
  | { type: 'Bearer'; token: string };

/** The `apiKey` / `auth` pair of the client's options. */
export interface InfobipCredentialsOptions {
  /** Shorthand for `auth: { type: 'App', apiKey }`. */
  apiKey?: string;
  auth?: InfobipAuth;
}

/**
 * The credentials the options describe, checked.
 * @throws TypeError naming the option (never its value) when they are missing or malformed.
 */
export function resolveInfobipAuth(options: InfobipCredentialsOptions): InfobipAuth {
  if (options.apiKey !== undefined && options.auth !== undefined) {
    throw new TypeError('give either apiKey or auth, not both');
  }
  const auth: InfobipAuth | undefined =
    options.apiKey !== undefined ? { type: 'App', apiKey: options.apiKey } : options.auth;
  if (auth === undefined || auth === null || typeof auth !== 'object') {
    throw new TypeError('Infobip credentials are missing: pass apiKey (or auth: { type, ... })');
  }
  switch (auth.type) {
    case 'App':
      requireCredential(auth.apiKey, options.apiKey !== undefined ? 'apiKey' : 'auth.apiKey');
      break;
    case 'Basic':
      requireCredential(auth.username, 'auth.username');
      requireCredential(auth.password, 'auth.password', true);
      if (auth.username.includes(':')) throw new TypeError('auth.username must not contain ":"');
      break;
    case 'IBSSO':
    case 'Bearer':
      requireCredential(auth.token, 'auth.token');
      break;
    default:
      throw new TypeError(
        `auth.type must be one of App, Basic, IBSSO, Bearer (got ${JSON.stringify(String((auth as { type?: unknown }).type))})`,
      );
  }
  return auth;
}

/** The `Authorization` header value for `auth`. */
export function authorizationHeader(auth: InfobipAuth): string {
  switch (auth.type) {
    case 'App':
      return `App ${auth.apiKey}`;
    case 'Basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    case 'IBSSO':
      return `IBSSO ${auth.token}`;
    case 'Bearer':
      return `Bearer ${auth.token}`;
  }
}

/** Every secret string of `auth` (and its encoded forms), so that text can be scrubbed of them. */
export function authSecrets(auth: InfobipAuth): string[] {
  const header = authorizationHeader(auth);
  const secrets = [header.slice(header.indexOf(' ') + 1)];
  if (auth.type === 'Basic') secrets.push(auth.password, `${auth.username}:${auth.password}`);
  return secrets;
}

function requireCredential(value: unknown, what: string, spacesAllowed = false): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${what} must be a non-empty string`);
  }
  // A control character would corrupt the HTTP header; stray spaces around a key
  // usually come from a badly quoted environment file.
  if (hasControlCharacter(value) || (!spacesAllowed && value !== value.trim())) {
    throw new TypeError(`${what} contains whitespace or control characters; check how it is loaded`);
  }
}

function hasControlCharacter(value: string): boolean {
  return Array.from(value).some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}
