import { SECURE_APPLICATION_DEFAULTS } from './two-factor.constants';
import { findPolicyViolations, minimumPinLength, parsePin, pinEntropyBits, pinSpace } from './pin-format';

describe('PIN policy', () => {
  it('counts possible PINs and their entropy', () => {
    expect(pinSpace({ pinType: 'NUMERIC', pinLength: 6 })).toBe(1_000_000);
    expect(pinEntropyBits({ pinType: 'HEX', pinLength: 5 })).toBe(20);
    expect(pinEntropyBits({ pinType: 'NUMERIC', pinLength: 4 })).toBeCloseTo(13.29, 2);
  });

  it('knows the shortest compliant length per alphabet (10^6 PINs, about 20 bits)', () => {
    expect(minimumPinLength('NUMERIC')).toBe(6);
    expect(minimumPinLength('HEX')).toBe(5);
    expect(minimumPinLength('ALPHA')).toBe(5);
    expect(minimumPinLength('ALPHANUMERIC')).toBe(4);
  });

  it('accepts only strings of the alphabet and length, letters in either case', () => {
    expect(parsePin('012345', { pinType: 'NUMERIC', pinLength: 6 })).toBe('012345');
    expect(parsePin('ab12', { pinType: 'ALPHANUMERIC', pinLength: 4 })).toBe('AB12');
    expect(parsePin('abcde', { pinType: 'ALPHA', pinLength: 5 })).toBe('ABCDE');
    expect(parsePin('0fA9b', { pinType: 'HEX', pinLength: 5 })).toBe('0FA9B');
    for (const value of [
      123456,
      ['123456'],
      { pin: '123456' },
      null,
      undefined,
      '12345',
      '1234567',
      '12345a',
      ' 12345',
      '12 345',
      '１２３４５６',
      '12345\n',
    ]) {
      expect(parsePin(value, { pinType: 'NUMERIC', pinLength: 6 })).toBeUndefined();
    }
    expect(parsePin('0fg9b', { pinType: 'HEX', pinLength: 5 })).toBeUndefined();
    expect(parsePin('ab1de', { pinType: 'ALPHA', pinLength: 5 })).toBeUndefined();
  });

  it('ignores the spaces and dashes people type or paste between groups', () => {
    const numeric = { pinType: 'NUMERIC', pinLength: 6 } as const;
    for (const typed of ['123 456', '123-456', ' 123 456 ', '12 34 56', '123\u00a0456', '123\u2013456']) {
      expect(parsePin(typed, numeric)).toBe('123456');
    }
    expect(parsePin('ab-12', { pinType: 'ALPHANUMERIC', pinLength: 4 })).toBe('AB12');
    for (const value of [
      '123 45',
      '123_456',
      '123.456',
      '123\t456',
      '123\n456',
      '123\u200b456',
      `123456${' '.repeat(64)}`,
    ]) {
      expect(parsePin(value, numeric)).toBeUndefined();
    }
  });

  it('finds no violation in the secure defaults', () => {
    expect(findPolicyViolations(SECURE_APPLICATION_DEFAULTS, false)).toEqual([]);
  });

  it('finds each violation of the policy', () => {
    const fields = (config: object, weak = false) =>
      findPolicyViolations({ ...SECURE_APPLICATION_DEFAULTS, ...config }, weak).map((v) => v.field);
    expect(fields({ pinTimeToLive: '10m' })).toEqual([]);
    expect(fields({ pinTimeToLive: '601s' })).toEqual(['pinTimeToLive']);
    expect(fields({ pinAttempts: 10 })).toEqual([]);
    expect(fields({ pinAttempts: 11 })).toEqual(['pinAttempts']);
    expect(fields({ allowMultiplePinVerifications: true })).toEqual(['allowMultiplePinVerifications']);
    expect(fields({ verifyPinLimit: undefined, sendPinPerPhoneNumberLimit: '' })).toEqual([
      'verifyPinLimit',
      'sendPinPerPhoneNumberLimit',
    ]);
    expect(
      fields({ pinTimeToLive: '1h', pinAttempts: 50, allowMultiplePinVerifications: true }, true),
    ).toEqual([]);
    expect(fields({ pinAttempts: 0 }, true)).toEqual(['pinAttempts']);
  });
});
