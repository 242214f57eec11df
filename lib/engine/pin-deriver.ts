import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { PinType } from '../infobip/infobip.types';
import { MAX_PIN_LENGTH, MIN_PIN_LENGTH, PIN_ALPHABETS } from './pin-generator';
import type { RandomPool } from './random-pool';

/** Shortest secret accepted: anything shorter could be guessed, and with it every PIN. */
export const MIN_SECRET_BYTES = 16;

/** Bytes of a pinId: 2 of key id, 1 of PIN shape, 13 random (104 bits). */
const ID_BYTES = 16;
const KEY_ID_BYTES = 2;
const RANDOM_BYTES = ID_BYTES - KEY_ID_BYTES - 1;
/** PIN types in the order the shape byte numbers them (never reorder: pinIds in stores carry them). */
const PIN_TYPES: readonly PinType[] = ['NUMERIC', 'ALPHA', 'HEX', 'ALPHANUMERIC'];

/**
 * Makes pinIds and the PIN of each, without ever storing a PIN: the PIN is a keyed
 * PRF of its pinId (HOTP's construction, RFC 4226, generalised to the four
 * alphabets), recomputed for a resend and for a verification.
 *
 * A pinId is 32 upper-case hex characters (16 bytes, like Infobip's): 2 bytes
 * name the secret that made it (a fingerprint of the secret, so the order of the
 * secrets doesn't matter), 1 byte the PIN's type and length, 13 bytes come from
 * the CSPRNG. The PIN is drawn from the blocks HMAC-SHA256(key, pinId || i),
 * i = 0, 1, …, by rejection sampling (see {@link sampleCharacter}): exactly
 * uniform over the alphabet as long as HMAC is a PRF, with no bias to bound. The
 * key is derived from the secret with HKDF, so the secret itself is never an
 * HMAC key.
 *
 * Rotation: new PINs use the first secret; PINs made with any secret given still
 * verify and resend until they expire.
 */
export class PinDeriver {
  private readonly current: DerivationKey;
  private readonly keys = new Map<number, DerivationKey>();

  /**
   * @param secrets the current secret first, then earlier ones still accepted; each at least
   *   {@link MIN_SECRET_BYTES} bytes.
   * @param random source of the pinIds' random bytes.
   */
  constructor(
    secrets: readonly (string | Buffer)[],
    private readonly random: RandomPool,
  ) {
    if (secrets.length === 0) throw new RangeError('at least one PIN secret is needed');
    for (const secret of secrets) {
      const key = derivationKey(secret);
      if (this.keys.has(key.id)) {
        throw new RangeError(
          'two PIN secrets have the same key id (a secret listed twice?): remove the duplicate or replace one secret',
        );
      }
      this.keys.set(key.id, key);
    }
    this.current = this.keys.values().next().value as DerivationKey;
  }

  /** A new pinId, made with the current secret, for a PIN of `type` and `length`. */
  newPinId(type: PinType, length: number): string {
    const shape = PIN_TYPES.indexOf(type);
    if (shape < 0) throw new RangeError(`unknown PIN type ${String(type)}`);
    if (!Number.isSafeInteger(length) || length < MIN_PIN_LENGTH || length > MAX_PIN_LENGTH) {
      throw new RangeError(`PIN length must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH}, got ${length}`);
    }
    const id = Buffer.allocUnsafe(ID_BYTES);
    id.writeUInt16BE(this.current.id, 0);
    id[KEY_ID_BYTES] = (shape << 5) | (length - MIN_PIN_LENGTH);
    this.random.fill(id, KEY_ID_BYTES + 1, RANDOM_BYTES);
    return id.toString('hex').toUpperCase();
  }

  /**
   * The PIN of `pinId`; `undefined` when `pinId` is not one of ours (malformed, or
   * made with a secret no longer given).
   */
  pin(pinId: string): string | undefined {
    if (!ID_PATTERN.test(pinId)) return undefined;
    const id = Buffer.from(pinId, 'hex');
    const key = this.keys.get(id.readUInt16BE(0));
    const shape = id[KEY_ID_BYTES];
    const alphabet = PIN_ALPHABETS[PIN_TYPES[shape >> 5]];
    if (!key || !alphabet) return undefined;
    const length = (shape & 31) + MIN_PIN_LENGTH;
    const block = (i: number) => createHmac('sha256', key.key).update(id).update(Uint8Array.of(i)).digest();
    return pinFromBlocks(block, alphabet, length);
  }

  /**
   * Whether `candidate` is the PIN of `pinId`, compared in constant time (for a
   * candidate of the right length); ASCII letters compare case-insensitively.
   */
  matches(pinId: string, candidate: string): boolean {
    const expected = Buffer.from(this.pin(pinId) ?? '', 'utf8');
    const given = Buffer.from(candidate.replace(LOWER_CASE_RUNS, upperCase), 'utf8');
    return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/**
 * `length` characters of `alphabet` drawn from the bytes of `block(0)`,
 * `block(1)`, … (as many blocks as it takes) with {@link sampleCharacter}.
 */
export function pinFromBlocks(
  block: (index: number) => Uint8Array,
  alphabet: string,
  length: number,
): string {
  let pin = '';
  for (let index = 0; pin.length < length; index++) {
    for (const byte of block(index)) {
      pin += sampleCharacter(byte, alphabet) ?? '';
      if (pin.length === length) break;
    }
  }
  return pin;
}

/**
 * The character of `alphabet` that `byte` stands for, or `undefined` when the
 * byte must be rejected: only bytes below the largest multiple of the
 * alphabet's size that fits in 256 are used, so each character has exactly the
 * same number of bytes (e.g. 25 each of 0-249 for 10 digits). Rejected bytes
 * are skipped and the next byte of the PRF's output is taken instead.
 */
export function sampleCharacter(byte: number, alphabet: string): string | undefined {
  const size = alphabet.length;
  return byte < 256 - (256 % size) ? alphabet[byte % size] : undefined;
}

interface DerivationKey {
  /** Fingerprint of the secret, written at the start of the pinIds it makes. */
  id: number;
  /** HMAC key of the derivation. */
  key: Buffer;
}

function derivationKey(secret: string | Buffer): DerivationKey {
  const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (material.length < MIN_SECRET_BYTES) {
    throw new RangeError(
      `the PIN secret must be at least ${MIN_SECRET_BYTES} bytes (use 32 random bytes), got ${material.length}`,
    );
  }
  return {
    id: Buffer.from(hkdf(material, 'nestjs-infobip-2fa pin key id', KEY_ID_BYTES)).readUInt16BE(0),
    key: Buffer.from(hkdf(material, 'nestjs-infobip-2fa pin derivation', 32)),
  };
}

function hkdf(secret: Buffer, label: string, bytes: number): ArrayBuffer {
  return hkdfSync('sha256', secret, Buffer.alloc(0), label, bytes);
}

const ID_PATTERN = /^[0-9A-F]{32}$/;
const LOWER_CASE_RUNS = /[a-z]+/g;

function upperCase(letters: string): string {
  return letters.toUpperCase();
}
