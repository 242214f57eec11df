import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Shortest secret accepted: anything shorter could be guessed and would let stored digests be brute-forced. */
export const MIN_SECRET_BYTES = 16;

/**
 * What the engine's store holds instead of a PIN, both keyed by one secret:
 *
 * - a **digest**, HMAC-SHA256 of `pinId` and the PIN, which verification compares
 *   in constant time; without the secret, a leaked store can't be brute-forced;
 * - a **sealed** copy, AES-256-GCM with the `pinId` as associated data, because a
 *   resend must deliver the *same* PIN again and a digest can't be turned back
 *   into it.
 *
 * The HMAC and AES keys are derived from the secret with HKDF under different
 * labels, so neither use weakens the other.
 */
export class PinProtector {
  private readonly hmacKey: Buffer;
  private readonly sealKey: Buffer;

  /** @param secret at least {@link MIN_SECRET_BYTES} bytes; give every instance sharing a store the same one. */
  constructor(secret: string | Buffer) {
    const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (material.length < MIN_SECRET_BYTES) {
      throw new RangeError(
        `the PIN secret must be at least ${MIN_SECRET_BYTES} bytes (use 32 random bytes), got ${material.length}`,
      );
    }
    this.hmacKey = derive(material, 'nestjs-infobip-2fa pin digest');
    this.sealKey = derive(material, 'nestjs-infobip-2fa pin seal');
  }

  /**
   * Base64 digest of `pin` for `pinId`. ASCII letters are folded to upper case
   * first, so that PINs compare case-insensitively (only ASCII: `toUpperCase`
   * would also turn `ı` into `I`).
   */
  digest(pinId: string, pin: string): string {
    const folded = pin.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
    return createHmac('sha256', this.hmacKey).update(`${pinId}\u0000${folded}`, 'utf8').digest('base64');
  }

  /** `pin` encrypted and authenticated for `pinId`, as base64. */
  seal(pinId: string, pin: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(pinId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  /**
   * The PIN sealed by {@link seal} for `pinId`.
   * @throws Error when `sealed` was altered, belongs to another PIN or another secret.
   */
  open(pinId: string, sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(pinId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

function derive(secret: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
}
