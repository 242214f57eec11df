import {
  maskDestination,
  normalizeDestination,
  normalizeEmailAddress,
  normalizePhoneNumber,
} from './destination';

describe('destinations', () => {
  it.each([
    ['41793026727', '41793026727'],
    ['+41793026727', '41793026727'],
    // A leading + is dropped; an international 00 prefix is a digit string like any other, kept.
    ['0041793026727', '0041793026727'],
    ['1234567', '1234567'],
    ['123456789012345', '123456789012345'],
  ])('accepts the phone number %s as %s', (given, kept) => {
    expect(normalizePhoneNumber(given)).toBe(kept);
  });

  it.each(['123456', '1234567890123456', '++41793026727', '41 79 302', '4179302672a', '', '+'])(
    'refuses the phone number %j',
    (given) => {
      expect(normalizePhoneNumber(given)).toBeUndefined();
    },
  );

  it('accepts plain email addresses in lower case and refuses others', () => {
    expect(normalizeEmailAddress('Jane.Doe+2fa@Example.COM')).toBe('jane.doe+2fa@example.com');
    for (const bad of [
      'jane',
      'jane@',
      '@example.com',
      'jane@example',
      'ja ne@example.com',
      'a@b@c.com',
      `${'a'.repeat(250)}@b.co`,
    ]) {
      expect(normalizeEmailAddress(bad)).toBeUndefined();
    }
  });

  it('normalises lookups and masks for logs', () => {
    expect(normalizeDestination('+41793026727')).toBe('41793026727');
    expect(normalizeDestination('A@B.example')).toBe('a@b.example');
    expect(normalizeDestination('free text')).toBe('free text');
    expect(maskDestination('41793026727')).toBe('+*******6727');
    expect(maskDestination('123')).toBe('+***');
    expect(maskDestination('+41793026727')).toBe('+*******6727');
    expect(maskDestination('jane@example.com')).toBe('j***@example.com');
  });
});
