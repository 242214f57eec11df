import fc from 'fast-check';
import {
  formatDuration,
  formatLimit,
  ONE_DAY_MS,
  parseDuration,
  parseLimit,
  tryParseDuration,
  tryParseLimit,
} from './time-format';

describe('Infobip time and limit grammar', () => {
  it.each([
    ['15m', 900_000],
    ['m', 60_000],
    ['500ms', 500],
    ['1s', 1_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('parses duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0m', '5', '5 m', '-1s', '1.5m', '5M', 'ms5', '05m', '1w', ' 5m'])(
    'rejects duration %j',
    (text) => {
      expect(tryParseDuration(text)).toBeUndefined();
      expect(() => parseDuration(text, 'pinTimeToLive')).toThrow(/pinTimeToLive/);
    },
  );

  it.each([
    ['1/3s', { count: 1, windowMs: 3_000 }],
    ['5/1d', { count: 5, windowMs: ONE_DAY_MS }],
    ['10/h', { count: 10, windowMs: 3_600_000 }],
    ['2/4ms', { count: 2, windowMs: 4 }],
  ])('parses limit %s', (text, limit) => {
    expect(parseLimit(text)).toEqual(limit);
  });

  it.each(['', '1/', '/3s', '0/3s', '1/0s', '1/3', '1/3x', '1:3s', '1 / 3s', 'a/3s'])(
    'rejects limit %j',
    (text) => {
      expect(tryParseLimit(text)).toBeUndefined();
      expect(() => parseLimit(text, 'verifyPinLimit')).toThrow(/verifyPinLimit/);
    },
  );

  it('rejects values that are not strings', () => {
    for (const value of [5, null, undefined, {}, ['5m']]) {
      expect(tryParseDuration(value)).toBeUndefined();
      expect(tryParseLimit(value)).toBeUndefined();
    }
  });

  it('enforces the longest window', () => {
    expect(() => parseLimit('1/2d', 'verifyPinLimit', ONE_DAY_MS)).toThrow(/must not exceed 1d/);
    expect(parseLimit('1/1d', 'verifyPinLimit', ONE_DAY_MS).windowMs).toBe(ONE_DAY_MS);
    expect(() => parseDuration('366d', 'pinTimeToLive')).toThrow(/must not exceed/);
  });

  it('round-trips every duration and limit it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 6 }), (ms, count) => {
        expect(parseDuration(formatDuration(ms), 'd', Number.MAX_SAFE_INTEGER)).toBe(ms);
        const limit = { count, windowMs: ms };
        expect(parseLimit(formatLimit(limit), 'l', Number.MAX_SAFE_INTEGER)).toEqual(limit);
      }),
    );
  });

  it('accepts only strings of the grammar', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const valid = /^([1-9][0-9]*)?(ms|s|m|h|d)$/.test(text);
        expect(tryParseDuration(text) !== undefined).toBe(valid);
      }),
    );
  });
});
