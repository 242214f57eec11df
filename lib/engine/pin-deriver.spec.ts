import { createHmac, hkdfSync } from 'node:crypto';
import type { PinType } from '../infobip/infobip.types';
import { PinDeriver, pinFromBlocks, sampleCharacter } from './pin-deriver';
import { PIN_ALPHABETS } from './validation/pin-alphabets';
import { RandomPool } from './random-pool';

const SECRET = 'a test secret of enough bytes, 32+';
const TYPES = Object.keys(PIN_ALPHABETS) as PinType[];
const PINS_PER_ALPHABET = 1_000_000;
const LENGTH = 6;

/**
 * Chi-square statistic above which counts of `categories` equally likely values
 * are refused: the Wilson–Hilferty approximation of the 1 - 1e-7 quantile (z = 5.2).
 * The PRF output below is fixed (a fixed key), so the test is deterministic; a fair
 * mapping stays far below this, a modulo bias goes far above it.
 */
function chiSquareLimit(categories: number): number {
  const df = categories - 1;
  const z = 5.2;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

function chiSquare(counts: number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/**
 * `count` PINs mapped as the deriver maps its blocks, from one long stream of
 * HMAC-SHA512 outputs (counter mode) cut into 8-byte blocks: a PIN takes a
 * further block whenever rejections leave its first one short.
 */
function bulkPins(type: PinType, count: number, map = pinFromBlocks): string[] {
  const key = Buffer.from(`uniformity ${type}`);
  const counter = Buffer.alloc(8);
  let output = Buffer.alloc(0);
  let offset = 0;
  const nextBlock = (): string => {
    if (offset === output.length) {
      counter.writeUInt32BE(counter.readUInt32BE(4) + 1, 4);
      output = createHmac('sha512', key).update(counter).digest();
      offset = 0;
    }
    offset += 8;
    return output.toString('latin1', offset - 8, offset);
  };
  const pins = new Array<string>(count);
  for (let i = 0; i < count; i++) pins[i] = map(nextBlock, PIN_ALPHABETS[type], LENGTH);
  return pins;
}

/** Counts per position and character of `pins`; -1 marks a character outside `alphabet`. */
function positionCounts(pins: string[], alphabet: string): number[][] {
  const indexOf = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) indexOf[alphabet.charCodeAt(i)] = i;
  const counts = Array.from({ length: LENGTH }, () => new Array<number>(alphabet.length).fill(0));
  for (const pin of pins) {
    for (let position = 0; position < LENGTH; position++) {
      counts[position][indexOf[pin.charCodeAt(position)]]++;
    }
  }
  return counts;
}

describe('pin derivation', () => {
  it.each(TYPES)(
    'maps a PRF onto %s uniformly: 10^6 PINs, chi-square per position, exact length, leading zeros',
    (type) => {
      const alphabet = PIN_ALPHABETS[type];
      const pins = bulkPins(type, PINS_PER_ALPHABET);
      expect(pins.every((pin) => pin.length === LENGTH)).toBe(true);
      const counts = positionCounts(pins, alphabet);
      for (const perPosition of counts) {
        // Every character counted is of the alphabet (a stranger would count at index -1).
        expect(perPosition.reduce((sum, count) => sum + count, 0)).toBe(PINS_PER_ALPHABET);
        expect(chiSquare(perPosition, PINS_PER_ALPHABET)).toBeLessThan(chiSquareLimit(alphabet.length));
      }
      // "0" leads about one PIN in |alphabet| where it is a character at all.
      if (alphabet.includes('0')) {
        const leadingZeros = pins.filter((pin) => pin[0] === '0').length;
        expect(leadingZeros / PINS_PER_ALPHABET).toBeCloseTo(1 / alphabet.length, 2);
      }
    },
  );

  it('would catch a modulo bias: the same test refuses `byte % size` for digits', () => {
    const biased = (block: (index: number) => string, alphabet: string, length: number): string => {
      const bytes = block(0);
      let pin = '';
      for (let i = 0; i < length; i++) pin += alphabet[bytes.charCodeAt(i) % alphabet.length];
      return pin;
    };
    const pins = bulkPins('NUMERIC', PINS_PER_ALPHABET / 4, biased);
    const [first] = positionCounts(pins, PIN_ALPHABETS.NUMERIC);
    expect(chiSquare(first, pins.length)).toBeGreaterThan(chiSquareLimit(10));
  });

  it('uses the documented alphabets', () => {
    expect(PIN_ALPHABETS).toEqual({
      NUMERIC: '0123456789',
      ALPHA: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      HEX: '0123456789ABCDEF',
      ALPHANUMERIC: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    });
  });

  it('rejects exactly the bytes past the largest multiple of the alphabet size', () => {
    expect(sampleCharacter(249, PIN_ALPHABETS.NUMERIC)).toBe('9');
    expect(sampleCharacter(250, PIN_ALPHABETS.NUMERIC)).toBeUndefined();
    expect(sampleCharacter(255, PIN_ALPHABETS.HEX)).toBe('F');
    expect(sampleCharacter(233, PIN_ALPHABETS.ALPHA)).toBe('Z');
    expect(sampleCharacter(234, PIN_ALPHABETS.ALPHA)).toBeUndefined();
    expect(sampleCharacter(251, PIN_ALPHABETS.ALPHANUMERIC)).toBe('9');
    expect(sampleCharacter(252, PIN_ALPHABETS.ALPHANUMERIC)).toBeUndefined();
  });

  it('takes further blocks when rejections leave a block short', () => {
    const blocks = [Buffer.of(250, 251, 3), Buffer.of(255, 7, 8)].map((bytes) => bytes.toString('latin1'));
    expect(pinFromBlocks((index) => blocks[index], PIN_ALPHABETS.NUMERIC, 3)).toBe('378');
  });
});

describe('PinDeriver', () => {
  const deriver = new PinDeriver([SECRET], new RandomPool());

  it('makes pinIds of 32 upper-case hex characters whose PIN has the asked type and exact length', () => {
    for (const type of TYPES) {
      for (const length of [1, 4, 6, 10, 32]) {
        for (let i = 0; i < 50; i++) {
          const pinId = deriver.newPinId(type, length);
          expect(pinId).toMatch(/^[0-9A-F]{32}$/);
          const pin = deriver.pin(pinId)!;
          expect(pin).toHaveLength(length);
          expect([...pin].every((character) => PIN_ALPHABETS[type].includes(character))).toBe(true);
        }
      }
    }
  });

  it('derives the same PIN again, a different one for another pinId or another secret', () => {
    const pinId = deriver.newPinId('ALPHANUMERIC', 16);
    expect(deriver.pin(pinId)).toBe(deriver.pin(pinId));
    expect(new PinDeriver([SECRET], new RandomPool()).pin(pinId)).toBe(deriver.pin(pinId));
    expect(deriver.pin(deriver.newPinId('ALPHANUMERIC', 16))).not.toBe(deriver.pin(pinId));
    const other = new PinDeriver(['another secret, long enough too', SECRET], new RandomPool());
    expect(other.pin(pinId)).toBe(deriver.pin(pinId));
    expect(other.pin(other.newPinId('ALPHANUMERIC', 16))).toHaveLength(16);
    expect(deriver.pin(other.newPinId('ALPHANUMERIC', 16))).toBeUndefined();
  });

  it('matches the right PIN in any letter case, and nothing else', () => {
    const pinId = deriver.newPinId('ALPHA', 8);
    const pin = deriver.pin(pinId)!;
    expect(deriver.matches(pinId, pin)).toBe(true);
    expect(deriver.matches(pinId, pin.toLowerCase())).toBe(true);
    expect(deriver.matches(pinId, pin.slice(1))).toBe(false);
    expect(deriver.matches(pinId, `${pin}A`)).toBe(false);
    expect(deriver.matches(pinId, '')).toBe(false);
    expect(
      deriver.matches(
        pinId,
        pin.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe(false);
    expect(deriver.matches('not an id', '')).toBe(false);
  });

  it('derives what the documented construction gives, so PINs in flight survive an upgrade', () => {
    // Written from the class's documentation, not from its code: key = HKDF-SHA256(secret, no salt,
    // 'nestjs-infobip-2fa pin derivation', 32 bytes); blocks HMAC-SHA256(key, `${pinId}#${i}`);
    // bytes below the largest multiple of the alphabet's size pick alphabet[byte % size].
    const key = Buffer.from(
      hkdfSync('sha256', SECRET, Buffer.alloc(0), 'nestjs-infobip-2fa pin derivation', 32),
    );
    const documented = (pinId: string, alphabet: string, length: number): string => {
      let pin = '';
      for (let i = 0; pin.length < length; i++) {
        for (const byte of createHmac('sha256', key).update(`${pinId}#${i}`).digest()) {
          if (pin.length < length && byte < 256 - (256 % alphabet.length))
            pin += alphabet[byte % alphabet.length];
        }
      }
      return pin;
    };
    for (const type of TYPES) {
      for (const length of [4, 6, 32]) {
        for (let i = 0; i < 20; i++) {
          const pinId = deriver.newPinId(type, length);
          expect(deriver.pin(pinId)).toBe(documented(pinId, PIN_ALPHABETS[type], length));
        }
      }
    }
  });

  it('refuses malformed pinIds, unknown types and lengths out of range', () => {
    expect(deriver.pin('0'.repeat(31))).toBeUndefined();
    expect(deriver.pin(deriver.newPinId('HEX', 4).toLowerCase())).toBeUndefined();
    const id = deriver.newPinId('HEX', 4);
    expect(deriver.pin(`${id.slice(0, 4)}FF${id.slice(6)}`)).toBeUndefined();
    expect(() => deriver.newPinId('HEX', 0)).toThrow(RangeError);
    expect(() => deriver.newPinId('HEX', 33)).toThrow(RangeError);
    expect(() => deriver.newPinId('BINARY' as PinType, 4)).toThrow(RangeError);
    expect(() => new PinDeriver(['short'], new RandomPool())).toThrow(/at least 16 bytes/);
    expect(() => new PinDeriver([], new RandomPool())).toThrow(RangeError);
  });
});
