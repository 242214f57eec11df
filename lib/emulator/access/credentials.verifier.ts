import { timingSafeEqual } from 'node:crypto';

/** The credentials the emulator accepts; any combination, each optional. */
export interface EmulatorCredentials {
  /**
   * Accepts `Authorization: App <apiKey>`.
   * @default undefined (with no credential at all, any value of the four schemes passes)
   */
  apiKey?: string;
  /**
   * `USER:PASSWORD`: accepts `Authorization: Basic base64(USER:PASSWORD)`.
   * @default undefined
   */
  basic?: string;
  /**
   * An OAuth access token: accepts `Authorization: Bearer <token>`.
   * @default undefined
   */
  bearer?: string;
  /**
   * An IBSSO session token: accepts `Authorization: IBSSO <token>`.
   * @default undefined
   */
  ibsso?: string;
}

/** The four schemes of Infobip's `securitySchemes`, lower-cased as compared. */
const SCHEMES = { app: 'apiKey', basic: 'basic', bearer: 'bearer', ibsso: 'ibsso' } as const;

type Scheme = keyof typeof SCHEMES;

/**
 * Secrets are compared over a fixed number of bytes, the first of these sizes
 * that holds the longest secret, so that the time a comparison takes tells
 * nothing of a secret's content or length (beyond this size class). Most API
 * keys fit the first, where a check costs a fraction of a keyed hash.
 */
const COMPARED_SIZES = [256, 1024, 4096];
const MAX_SECRET_BYTES = COMPARED_SIZES[COMPARED_SIZES.length - 1];

/**
 * Checks `Authorization` headers against the configured credentials.
 *
 * Each secret is kept as a zero-padded buffer of fixed size; a request's
 * credential is copied into a scratch buffer of the same size and compared with
 * `timingSafeEqual`, its length compared apart. No hash per request, no early exit.
 *
 * Without credentials, any of the four schemes with a non-empty value is
 * accepted (as a stand-in for "some valid credential"); a request without an
 * `Authorization` header, or with another scheme, is refused in every mode, as
 * Infobip refuses it.
 */
export class CredentialsVerifier {
  private readonly expected = new Map<Scheme, { padded: Buffer; length: number }>();
  private readonly scratch: Buffer;

  /** @throws TypeError naming the option when a credential is empty, malformed or too long. */
  constructor(credentials: EmulatorCredentials = {}) {
    const secrets = new Map<Scheme, Buffer>();
    for (const scheme of Object.keys(SCHEMES) as Scheme[]) {
      const option = SCHEMES[scheme];
      const value = credentials[option];
      if (value === undefined) continue;
      if (typeof value !== 'string' || value === '' || value.trim() !== value) {
        throw new TypeError(`${option} must be a non-empty string without surrounding spaces`);
      }
      if (option === 'basic' && !value.includes(':')) {
        throw new TypeError('basic must be USER:PASSWORD (a colon between user name and password)');
      }
      const token = option === 'basic' ? Buffer.from(value, 'utf8').toString('base64') : value;
      const bytes = Buffer.from(token, 'latin1');
      if (bytes.length > MAX_SECRET_BYTES || Buffer.byteLength(token, 'utf8') !== bytes.length) {
        throw new TypeError(`${option} must be at most ${MAX_SECRET_BYTES} ASCII characters`);
      }
      secrets.set(scheme, bytes);
    }
    const longest = Math.max(0, ...[...secrets.values()].map((bytes) => bytes.length));
    const size = COMPARED_SIZES.find((candidate) => candidate >= longest) ?? MAX_SECRET_BYTES;
    this.scratch = Buffer.alloc(size);
    for (const [scheme, bytes] of secrets) {
      const padded = Buffer.alloc(size);
      bytes.copy(padded);
      this.expected.set(scheme, { padded, length: bytes.length });
    }
  }

  /** Whether `authorization` carries an accepted credential (scheme case-insensitive, as in HTTP). */
  allows(authorization: string | undefined): boolean {
    if (!authorization) return false;
    const space = authorization.indexOf(' ');
    if (space === -1) return false;
    const scheme = authorization.slice(0, space).toLowerCase();
    if (!Object.hasOwn(SCHEMES, scheme)) return false;
    const token = authorization.slice(space + 1).trim();
    if (token === '') return false;
    if (this.expected.size === 0) return true;
    const expected = this.expected.get(scheme as Scheme);
    if (!expected || token.length > this.scratch.length) return false;
    this.scratch.fill(0);
    this.scratch.write(token, 'latin1');
    return timingSafeEqual(this.scratch, expected.padded) && token.length === expected.length;
  }
}
