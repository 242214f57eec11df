import { createHmac, randomInt } from 'node:crypto';
import type { RecoveryCodeStore, RecoveryCodeUse } from '../../storage/recovery-code-store.interface';
import { userKey } from '../limits/counter-keys';

/** Codes in a set. */
export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32 (no i, l, o, u): read aloud and typed without confusion.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUP = 5;
/** Two groups of five: 50 bits each, out of reach of guessing under the failure lockout. */
const LENGTH = 2 * GROUP;
const LOOK_ALIKES: Record<string, string> = { i: '1', l: '1', o: '0' };

/**
 * Recovery codes: drawn with `node:crypto`, shown once as `abcde-12345`, kept only
 * as HMAC digests bound to the user, and used up one by one atomically in the
 * {@link RecoveryCodeStore}.
 */
export class RecoveryCodes {
  constructor(
    private readonly store: RecoveryCodeStore,
    private readonly secret: Buffer,
  ) {}

  /** A new set for the user, replacing the old one; answers the codes (to show once). */
  async create(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => drawCode());
    const key = userKey(userId);
    await this.store.replace(
      key,
      codes.map((code) => this.digest(key, normalizeRecoveryCode(code) as string)),
    );
    return codes;
  }

  /**
   * Uses `code` up if it is one of the user's, atomically.
   * @returns undefined when `code` is not shaped like a recovery code at all.
   */
  async use(userId: string, code: unknown): Promise<RecoveryCodeUse | undefined> {
    const normalized = normalizeRecoveryCode(code);
    if (normalized === undefined) return undefined;
    const key = userKey(userId);
    return this.store.consume(key, this.digest(key, normalized));
  }

  /** Unused codes of the user. */
  left(userId: string): Promise<number> {
    return this.store.count(userKey(userId));
  }

  private digest(key: string, code: string): string {
    return createHmac('sha256', this.secret).update(`recovery-code:${key}:${code}`).digest('base64url');
  }
}

/**
 * A recovery code as typed (any case, spaces and dashes anywhere, `o`/`i`/`l` for
 * `0`/`1`) in its canonical form, or undefined when it can't be one.
 */
export function normalizeRecoveryCode(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const code = value
    .toLowerCase()
    .replace(/[\s\u2010-\u2013-]/g, '')
    .replace(/[ilo]/g, (c) => LOOK_ALIKES[c]);
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

function drawCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, GROUP).join('')}-${chars.slice(GROUP).join('')}`;
}
