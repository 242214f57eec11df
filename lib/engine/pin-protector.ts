import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { RandomPool } from './random-pool';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Room for IV, tag and a PIN of up to 32 bytes (PINs are 1 to 32 ASCII characters); more takes a slower path. */
const SEALED_BYTES = IV_BYTES + TAG_BYTES + 32;
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
 *
 * Each seal takes a fresh 96-bit IV from the CSPRNG, as GCM requires a unique IV
 * per key: random IVs keep the chance of a repeat negligible far beyond the
 * number of PINs one secret ever seals (NIST SP 800-38D allows 2^32 of them).
 * IVs come from a {@link RandomPool}: every byte is used once.
 */
export class PinProtector {
  private readonly digestKey: Buffer;
  private readonly sealKey: Buffer;
  /** IV, tag and sealed PIN are assembled here before their base64 is taken. */
  private readonly sealed = Buffer.alloc(SEALED_BYTES);
  private readonly iv = this.sealed.subarray(0, IV_BYTES);

  /**
   * @param secret at least {@link MIN_SECRET_BYTES} bytes; give every instance sharing a store the same one.
   * @param random source of the IVs. Default: a pool of its own.
   */
  constructor(
    secret: string | Buffer,
    private readonly random = new RandomPool(),
  ) {
    const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (material.length < MIN_SECRET_BYTES) {
      throw new RangeError(
        `the PIN secret must be at least ${MIN_SECRET_BYTES} bytes (use 32 random bytes), got ${material.length}`,
      );
    }
    this.digestKey = derive(material, 'nestjs-infobip-2fa pin digest');
    this.sealKey = derive(material, 'nestjs-infobip-2fa pin seal');
  }

  /**
   * Base64 digest of `pin` for `pinId`. ASCII letters are folded to upper case
   * first, so that PINs compare case-insensitively (only ASCII: `toUpperCase`
   * would also turn `ı` into `I`).
   */
  digest(pinId: string, pin: string): string {
    const folded = LOWER_CASE.test(pin) ? pin.replace(LOWER_CASE_RUNS, upperCase) : pin;
    return createHmac('sha256', this.digestKey).update(`${pinId}\u0000${folded}`, 'utf8').digest('base64');
  }

  /** `pin` encrypted and authenticated for `pinId`, as base64 of IV, tag and ciphertext. */
  seal(pinId: string, pin: string): string {
    const out = this.sealed;
    this.random.fill(out, 0, IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, this.iv);
    cipher.setAAD(Buffer.from(pinId, 'utf8'));
    const body = cipher.update(pin, 'utf8');
    const rest = cipher.final();
    const tag = cipher.getAuthTag();
    if (IV_BYTES + TAG_BYTES + body.length + rest.length > out.length) {
      return Buffer.concat([this.iv, tag, body, rest]).toString('base64');
    }
    tag.copy(out, IV_BYTES);
    body.copy(out, IV_BYTES + TAG_BYTES);
    rest.copy(out, IV_BYTES + TAG_BYTES + body.length);
    return out.toString('base64', 0, IV_BYTES + TAG_BYTES + body.length + rest.length);
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

const LOWER_CASE = /[a-z]/;
const LOWER_CASE_RUNS = /[a-z]+/g;

function upperCase(letters: string): string {
  return letters.toUpperCase();
}

function derive(secret: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
}
