import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { PinType } from '../infobip/infobip.types';
import { MAX_PIN_LENGTH, MIN_PIN_LENGTH, PIN_ALPHABETS } from './validation/pin-alphabets';
import type { RandomPool } from './random-pool';

/** Shortest secret accepted: anything shorter could be guessed, and with it every PIN. */
export const MIN_SECRET_BYTES = 16;

/** Random bytes of a pinId, after 2 bytes of key id and 1 of PIN shape: 104 bits. */
const RANDOM_BYTES = 13;
/** PIN types in the order the shape byte numbers them (never reorder: stored pinIds carry them). */
const PIN_TYPES: readonly PinType[] = ['NUMERIC', 'ALPHA', 'HEX', 'ALPHANUMERIC'];
const ID_PATTERN = /^[0-9A-F]{32}$/;
/** ASCII `a`, `z`, and what turns a lower-case ASCII letter's code into its upper-case one. */
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const CASE_BIT = 0x20;

/**
 * Makes pinIds and the PIN of each without ever storing a PIN: the PIN is a keyed
 * PRF of its pinId (HOTP's construction, RFC 4226, generalised to the four
 * alphabets), recomputed for a resend and for a verification.
 *
 * A pinId is 32 upper-case hex characters (16 bytes, like Infobip's): 2 bytes
 * name the secret that made it (a fingerprint, so the order of the secrets
 * doesn't matter), 1 byte the PIN's type (top 3 bits) and length - 1 (low 5
 * bits), 13 bytes come from the CSPRNG. The PIN is drawn from the blocks
 * HMAC-SHA256(key, `${pinId}#${i}`), i = 0, 1, … (key: HKDF-SHA256 of the
 * secret, empty salt, info `nestjs-infobip-2fa pin derivation`, 32 bytes) by
 * rejection sampling ({@link sampleCharacter}): exactly uniform over the
 * alphabet as long as HMAC is a PRF, no bias to bound. Never change this
 * construction: PINs already sent would stop verifying.
 *
 * Rotation: new PINs use the first secret; PINs of every secret given still
 * verify and resend until they expire.
 */
export class PinDeriver {
  /** HMAC keys by the pinId prefix (key id) of their secret; the current one first. */
  private readonly keys = new Map<string, Buffer>();
  /** The bytes of the next pinId: key id of the current secret, shape, random bytes. */
  private readonly idBytes = Buffer.alloc(16);

  /**
   * @param secrets the current secret first, then earlier ones still accepted; each at least
   *   {@link MIN_SECRET_BYTES} bytes.
   * @param random source of the pinIds' random bytes.
   */
  constructor(
    secrets: readonly (string | Buffer)[],
    private readonly random: RandomPool,
  ) {
    for (const secret of secrets) {
      const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
      if (material.length < MIN_SECRET_BYTES) {
        throw new RangeError(
          `the PIN secret must be at least ${MIN_SECRET_BYTES} bytes (use 32 random bytes), got ${material.length}`,
        );
      }
      const prefix = hkdf(material, 'nestjs-infobip-2fa pin key id', 2).toString('hex').toUpperCase();
      if (this.keys.has(prefix)) {
        throw new RangeError('two PIN secrets have the same key id (a secret listed twice?): remove one');
      }
      this.keys.set(prefix, hkdf(material, 'nestjs-infobip-2fa pin derivation', 32));
    }
    const current = this.keys.keys().next();
    if (current.done) throw new RangeError('at least one PIN secret is needed');
    this.idBytes.write(current.value, 'hex');
  }

  /** A new pinId, made with the current secret, for a PIN of `type` and `length`. */
  newPinId(type: PinType, length: number): string {
    const shape = PIN_TYPES.indexOf(type);
    if (shape < 0) throw new RangeError(`unknown PIN type ${String(type)}`);
    if (!Number.isSafeInteger(length) || length < MIN_PIN_LENGTH || length > MAX_PIN_LENGTH) {
      throw new RangeError(`PIN length must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH}, got ${length}`);
    }
    this.idBytes[2] = (shape << 5) | (length - 1);
    this.random.fill(this.idBytes, 3, RANDOM_BYTES);
    // One hex string of the 16 bytes: a pinId is a single flat string, the store's map key.
    return this.idBytes.toString('hex').toUpperCase();
  }

  /** The PIN of `pinId`; `undefined` when malformed or made with a secret no longer given. */
  pin(pinId: string): string | undefined {
    const key = ID_PATTERN.test(pinId) ? this.keys.get(pinId.slice(0, 4)) : undefined;
    const shape = parseInt(pinId.slice(4, 6), 16);
    const alphabet = PIN_ALPHABETS[PIN_TYPES[shape >> 5]];
    if (!key || !alphabet) return undefined;
    // A digest as a latin1 string ('binary': one character per byte) costs no Buffer: no
    // ArrayBuffer to allocate and later free, which is most of what a Buffer digest adds.
    const block = (i: number) => createHmac('sha256', key).update(`${pinId}#${i}`).digest('binary');
    return pinFromBlocks(block, alphabet, (shape & 31) + 1);
  }

  /**
   * Whether `candidate` is the PIN of `pinId`, compared in constant time (for a
   * candidate of the right length); ASCII letters compare case-insensitively.
   */
  matches(pinId: string, candidate: string): boolean {
    const expected = Buffer.from(this.pin(pinId) ?? '', 'utf8');
    const given = Buffer.from(candidate, 'utf8');
    // ASCII letters only: toUpperCase() would also turn a dotless ı into I.
    for (let i = 0; i < given.length; i++) {
      if (given[i] >= LOWER_A && given[i] <= LOWER_Z) given[i] ^= CASE_BIT;
    }
    return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/**
 * `length` characters of `alphabet` from the bytes of `block(0)`, `block(1)`, … as
 * needed; a block is a latin1 string, whose character codes are its bytes.
 */
export function pinFromBlocks(block: (index: number) => string, alphabet: string, length: number): string {
  let pin = '';
  for (let index = 0; pin.length < length; index++) {
    const bytes = block(index);
    for (let i = 0; i < bytes.length && pin.length < length; i++) {
      pin += sampleCharacter(bytes.charCodeAt(i), alphabet) ?? '';
    }
  }
  return pin;
}

/**
 * The character of `alphabet` that `byte` stands for, or `undefined` when the
 * byte is rejected: only bytes below the largest multiple of the alphabet's size
 * are used, so every character has exactly as many bytes (25 each of 0-249 for
 * 10 digits); the caller takes the next byte instead.
 */
export function sampleCharacter(byte: number, alphabet: string): string | undefined {
  const size = alphabet.length;
  return byte < 256 - (256 % size) ? alphabet[byte % size] : undefined;
}

function hkdf(secret: Buffer, label: string, bytes: number): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, bytes));
}
