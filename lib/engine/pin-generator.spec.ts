import fc from 'fast-check';
import { PIN_TYPES, type PinType } from '../infobip/infobip.types';
import { generatePin, PIN_ALPHABETS } from './pin-generator';

/**
 * Upper bound of the chi-square distribution with `df` degrees of freedom at
 * p ≈ 5e-7 (Wilson–Hilferty, z = 4.9): a fair generator exceeds it about once in
 * two million runs per check.
 */
function chiSquareBound(df: number): number {
  const z = 4.9;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

describe('generatePin', () => {
  it('has the length asked for and only characters of the alphabet of its type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PIN_TYPES), fc.integer({ min: 1, max: 32 }), (type, length) => {
        const pin = generatePin(type, length);
        expect(pin).toHaveLength(length);
        for (const char of pin) expect(PIN_ALPHABETS[type]).toContain(char);
      }),
    );
  });

  it('uses the documented alphabets', () => {
    expect(PIN_ALPHABETS).toEqual({
      NUMERIC: '0123456789',
      ALPHA: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      HEX: '0123456789ABCDEF',
      ALPHANUMERIC: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    });
  });

  it('keeps leading zeros', () => {
    const pins = Array.from({ length: 2_000 }, () => generatePin('NUMERIC', 4));
    expect(pins.some((pin) => pin.startsWith('0'))).toBe(true);
    expect(pins.some((pin) => pin.startsWith('00'))).toBe(true);
  });

  it.each(PIN_TYPES.map((type) => [type]))(
    'draws every position of a %s PIN uniformly (chi-square)',
    (type: PinType) => {
      const alphabet = PIN_ALPHABETS[type];
      const samples = 20_000;
      const length = 6;
      const counts = Array.from({ length }, () => new Map<string, number>());
      for (let i = 0; i < samples; i++) {
        const pin = generatePin(type, length);
        for (let p = 0; p < length; p++) counts[p].set(pin[p], (counts[p].get(pin[p]) ?? 0) + 1);
      }
      const expected = samples / alphabet.length;
      const bound = chiSquareBound(alphabet.length - 1);
      for (const perPosition of counts) {
        expect(perPosition.size).toBe(alphabet.length);
        let chiSquare = 0;
        for (const char of alphabet) chiSquare += ((perPosition.get(char) ?? 0) - expected) ** 2 / expected;
        expect(chiSquare).toBeLessThan(bound);
      }
    },
  );

  it('refuses lengths outside 1 to 32 and unknown types', () => {
    expect(() => generatePin('NUMERIC', 0)).toThrow(RangeError);
    expect(() => generatePin('NUMERIC', 33)).toThrow(RangeError);
    expect(() => generatePin('NUMERIC', 2.5)).toThrow(RangeError);
    expect(() => generatePin('BINARY' as PinType, 4)).toThrow(RangeError);
  });
});
