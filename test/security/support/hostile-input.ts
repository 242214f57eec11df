import fc from 'fast-check';

/** fast-check settings of the suite: fixed seed (reproducible), bounded runs. */
export const FUZZ = { numRuns: 60, seed: 20_260_601, endOnFailure: true } as const;

/** Decimal digits of other scripts: Arabic-Indic, Persian, Devanagari, fullwidth. */
const FOREIGN_DIGITS = [...'٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९０１２３４５６７８９'];
// Spaces and no-break spaces around a PIN are accepted (people paste `123 456`); these are not.
const INVISIBLE = ['\u0000', '\u200b', '\ufeff', '\t', '\n', '\r'];

/** Six-digit PINs other than `pin` (well formed, but wrong). */
export function wrongPins(pin: string): fc.Arbitrary<string> {
  return fc.stringMatching(/^\d{6}$/).filter((candidate) => candidate !== pin);
}

/** Strings of digits from other scripts, of the PIN's length or around it. */
export const foreignDigits = fc
  .array(fc.constantFrom(...FOREIGN_DIGITS), { minLength: 5, maxLength: 7 })
  .map((digits) => digits.join(''));

/** What a PIN field should never be: anything but a string of exactly six ASCII digits. */
export function malformedPins(pin: string): fc.Arbitrary<unknown> {
  const sixDigits = fc.stringMatching(/^\d{6}$/);
  return fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(Number(pin)),
    fc.array(fc.oneof(sixDigits, fc.constant(pin)), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(sixDigits, fc.constant(pin)), { maxKeys: 3 }),
    fc
      .string({ unit: 'binary', maxLength: 12 })
      .filter((s) => !/^\d{6}$/.test(s.replace(/[ \u00a0\u2007\u2009\u202f\u2010-\u2013-]/g, ''))),
    foreignDigits,
    // The right PIN, padded with whitespace, NUL or invisible characters.
    fc
      .tuple(fc.constantFrom(...INVISIBLE), fc.boolean())
      .map(([pad, before]) => (before ? `${pad}${pin}` : `${pin}${pad}`)),
    fc.stringMatching(/^\d{1,5}$|^\d{7,16}$/),
    fc.stringMatching(/^[0-9a-fA-F+\-.eE]{6}$/).filter((s) => !/^\d{6}$/.test(s)),
    // Huge: past the JSON body limit, or just long.
    fc.integer({ min: 1_000, max: 30_000 }).map((n) => pin.repeat(Math.ceil(n / 6))),
  );
}

/** Phone numbers the sample's registration must refuse, whatever libphonenumber's leniency. */
export const hostilePhones: fc.Arbitrary<unknown> = fc.oneof(
  // Premium-rate, shared-cost, personal, UAN and voicemail ranges.
  fc
    .tuple(
      fc.constantFrom(
        '+41 900 ',
        '+41 901 ',
        '+41 906 ',
        '+41 840 ',
        '+41 848 ',
        '+1 900 ',
        '+44 70 ',
        '+44 55 ',
        '+33 89',
        '+49 900 ',
      ),
      fc.stringMatching(/^\d{6,7}$/),
    )
    .map(([prefix, rest]) => `${prefix}${rest}`),
  // Too many digits for any country.
  fc.stringMatching(/^\+[1-9]\d{15,30}$/),
  // Too few.
  fc.stringMatching(/^\+\d{1,5}$/),
  // Letters (alone, or where the digits should be).
  fc.stringMatching(/^\+?[A-Za-z][A-Za-z .-]{2,20}$/),
  fc.stringMatching(/^\+41 7[A-Za-z]{2,9}$/),
  // National format: no country code.
  fc.stringMatching(/^0\d{8,10}$/),
  // Not strings at all.
  fc.integer({ min: 1_000_000, max: 999_999_999_999 }),
  fc.array(fc.constant('+41791234567'), { minLength: 1, maxLength: 2 }),
  fc.constant(null),
  fc.boolean(),
  fc.dictionary(fc.constantFrom('number', 'phone', '$gt'), fc.constant('+41791234567'), { minKeys: 1 }),
  // Blank, control characters, separators only.
  fc.constantFrom('', ' ', '\u0000', '\t\n', '+', '+ ', '()', '--', '\u200b'),
);

/** Destinations the module's own check must refuse (it sees them raw, without the sample's parser). */
export const hostileDestinations: fc.Arbitrary<unknown> = fc.oneof(
  hostilePhones,
  // Digits of other scripts: never read as digits.
  foreignDigits.map((digits) => `+41${digits}${digits}`),
  // A good number carrying NUL, a line break, an extension or letters.
  fc
    .constantFrom('\u0000', '\r\n', ' ext 5', 'a', ';ext=1', '#', '\u200b')
    .map((junk) => `+41791234567${junk}`),
  // E.164 written with a national trunk prefix, which the check will not rewrite.
  fc.constantFrom('+410791234567', '+4407911123456'),
);

/** JSON values of any shape, and raw bodies that are not JSON objects at all. */
export const anyBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      'username',
      'password',
      'phone',
      'pin',
      'channel',
      '__proto__',
      'constructor',
      'verified',
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.constantFrom(
    '{"username":',
    '{"pin":"123456"',
    '[',
    'null',
    '"just a string"',
    '{"__proto__":{"verified":true}}',
    '{"a":' + '['.repeat(5_000),
    '\u0000',
  ),
);
