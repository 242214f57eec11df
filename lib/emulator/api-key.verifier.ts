import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: App <apiKey>` headers in constant time.
 *
 * Both keys are reduced to HMACs under a random per-instance key before the
 * comparison, so neither the key's length nor its content leaks through timing,
 * and the key itself is never kept in a form that could end up in a log.
 */
export class ApiKeyVerifier {
  private readonly hmacKey = randomBytes(32);
  private readonly expected: Buffer;

  constructor(apiKey: string) {
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new TypeError('apiKey must be a non-empty string');
    }
    this.expected = this.digest(apiKey);
  }

  /** Whether `authorization` is `App <apiKey>` (scheme case-insensitive, as in HTTP). */
  allows(authorization: string | undefined): boolean {
    if (!authorization) return false;
    const space = authorization.indexOf(' ');
    if (space === -1 || authorization.slice(0, space).toLowerCase() !== 'app') return false;
    const key = authorization.slice(space + 1).trim();
    return key !== '' && timingSafeEqual(this.digest(key), this.expected);
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(key, 'utf8').digest();
  }
}
